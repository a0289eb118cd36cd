import Simulation

/// The quantities of a `train:` experiment (student network, ``ExperimentRunner``), declared
/// once: the runner emits them through these, validation and the listings read them.
///
/// ```
/// σ gap(W) = mean over layers of std(W_l) − std(T_l)      (T: the teacher, the W* of the task)
/// ```
enum TrainMetrics {
    private static func m(_ name: String, _ unit: String, _ doc: String, _ condition: String? = nil) -> Metric {
        Metric(name, unit, doc, scope: .experiment, source: "train", condition: condition)
    }

    static let trainInitial = m("loss.train_initial", "loss", "training loss (MSE) before fine-tuning")
    static let trainFinal = m("loss.train_final", "loss", "training loss after fine-tuning")
    static let testInitial = m("loss.test_initial", "loss", "held-out loss before fine-tuning")
    static let testFinal = m("loss.test_final", "loss", "held-out loss after fine-tuning")
    static let testRatio = m("loss.test_ratio", "", "loss.test_final / loss.test_initial")
    static let diverged = m("diverged", "0/1", "1 when the loss stopped being finite (the run then yields no final tensors)")
    static let gapInitial = m("sigma_gap.initial", "weight", "σ gap of the pretrained weights to the teacher")
    static let gapFinal = m("sigma_gap.final", "weight", "σ gap after fine-tuning")
    static let gapRatio = m("sigma_gap.ratio", "", "sigma_gap.final / sigma_gap.initial")
    static let trainAt = m("loss.train_at_{step}", "loss", "training loss at a recorded step", "record_steps")
    static let testAt = m("loss.test_at_{step}", "loss", "held-out loss at a recorded step", "record_steps")
    static let gapAt = m("sigma_gap.at_{step}", "weight", "σ gap at a recorded step (when the weights are finite)", "record_steps")
    static let lossSpearman = m("sigma_gap.loss_spearman", "", "Spearman ρ of (σ gap, test loss) over the start, the recorded steps and the end",
                                "record_steps")
    static let noiseScale = m("noise_scale.{layer}", "weight", "fitted noise scale of a layer (noise adapter)", "adapter: noise")

    static let all = [trainInitial, trainFinal, testInitial, testFinal, testRatio, diverged, gapInitial, gapFinal, gapRatio,
                      trainAt, testAt, gapAt, lossSpearman, noiseScale]

    /// The names one replicate of this training produces (at most).
    static func names(for t: TrainedFineTuning) -> [String] {
        var conditions: Set<String> = []
        if !t.recordSteps.isEmpty { conditions.insert("record_steps") }
        if t.adapter == .noise { conditions.insert("adapter: noise") }
        let values = ["step": t.recordSteps.map(String.init), "layer": (0..<(t.widths.count - 1)).map(String.init)]
        return all.filter { $0.condition.map(conditions.contains) ?? true }.flatMap { $0.expanded(values) }
    }
}
