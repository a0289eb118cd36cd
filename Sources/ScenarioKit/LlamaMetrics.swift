import Simulation

/// The quantities of a LLaMA `train:` experiment (``ExperimentRunner/llama(_:outputs:seeds:)``), declared
/// once; `{phase}` is `pretrain` or `finetune`, `{step}` a recorded step of that phase.
///
/// ```
/// loss.{phase}.{train,held_out}_ratio = final loss / loss before the phase
/// displacement.{phase}                = mean over block matrices of ‖W_end − W_start‖/‖W_start‖
/// lora.excess_kurtosis_theory         = 6/r, the excess kurtosis of B·A with i.i.d. Gaussian factors
/// ```
enum LlamaMetrics {
    private static func m(_ name: String, _ unit: String, _ doc: String, _ condition: String? = nil) -> Metric {
        Metric(name, unit, doc, scope: .experiment, source: "train (llama)", condition: condition)
    }

    static let diverged = m("diverged", "0/1", "1 when a phase diverged (the run then yields no tensors)")
    static let trainInitial = m("loss.{phase}.train_initial", "nats", "training cross-entropy before the phase")
    static let trainFinal = m("loss.{phase}.train_final", "nats", "training cross-entropy after the phase")
    static let heldOutInitial = m("loss.{phase}.held_out_initial", "nats", "held-out cross-entropy before the phase")
    static let heldOutFinal = m("loss.{phase}.held_out_final", "nats", "held-out cross-entropy after the phase")
    static let trainRatio = m("loss.{phase}.train_ratio", "", "train_final / train_initial")
    static let heldOutRatio = m("loss.{phase}.held_out_ratio", "", "held_out_final / held_out_initial")
    static let displacement = m("displacement.{phase}", "", "mean over the block matrices the phase moves of ‖W_end − W_start‖/‖W_start‖")
    static let trainAt = m("loss.{phase}.train_at_{step}", "nats", "training cross-entropy at a recorded step", "record_steps")
    static let heldOutAt = m("loss.{phase}.held_out_at_{step}", "nats", "held-out cross-entropy at a recorded step", "record_steps")
    static let displacementAt = m("displacement.{phase}_at_{step}", "", "displacement.{phase} at a recorded step", "record_steps")
    static let weightsKurtosisAt = m("weights_kurtosis.pretrain_at_{step}", "", "mean excess kurtosis of the block matrices after a pretraining step",
                                     "pretrain record_steps")
    static let deltaKurtosisAt = m("delta_kurtosis.finetune_at_{step}", "", "mean excess kurtosis of ΔW of the moved matrices after a fine-tuning step",
                                   "finetune record_steps")
    static let loraTheory = m("lora.excess_kurtosis_theory", "", "6/r, the excess kurtosis of B·A with i.i.d. Gaussian factors", "mode: lora")
    static let loraMean = m("lora.excess_kurtosis_mean", "", "mean excess kurtosis of the trained LoRA ΔW of the moved matrices", "mode: lora")
    static let loraGap = m("lora.excess_kurtosis_gap", "", "lora.excess_kurtosis_mean − 6/r", "mode: lora")

    static let all = [diverged, trainInitial, trainFinal, heldOutInitial, heldOutFinal, trainRatio, heldOutRatio, displacement,
                      trainAt, heldOutAt, displacementAt, weightsKurtosisAt, deltaKurtosisAt, loraTheory, loraMean, loraGap]

    /// The names one replicate of this run produces, in the order the runner emits them.
    static func names(for s: LlamaTwoPhase) -> [String] {
        var names = [diverged.name]
        for (phase, training) in [("pretrain", s.pretraining), ("finetune", s.finetuning)] {
            var conditions: Set<String> = []
            if !training.recordSteps.isEmpty { conditions.formUnion(["record_steps", "\(phase) record_steps"]) }
            let values = ["phase": [phase], "step": training.recordSteps.map(String.init)]
            names += all.filter { $0 != diverged }
                .filter { $0.condition.map(conditions.contains) ?? true }.flatMap { $0.expanded(values) }
        }
        if s.loraRank != nil { names += [loraTheory.name, loraMean.name, loraGap.name] }
        return names
    }
}
