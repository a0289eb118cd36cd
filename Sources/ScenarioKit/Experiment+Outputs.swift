import Analysis
import Simulation
import TensorIO

/// What an experiment produces, known before it runs: the tensors of one replicate with their
/// depths, the experiment-wide quantities (tensor `_`) and the quantities it attaches to tensors.
/// Claim validation checks metrics and tensor patterns against these; ``ExperimentRunner`` names
/// its outputs with the same helpers.
extension Experiment {
    /// The roles of a layer's tensors in drift and train experiments: `NAME.pretrained`, …
    static let layerRoles = ["pretrained", "delta", "finetuned"]

    /// The entries of a checkpoint a `checkpoint:` experiment analyses, in file order: names
    /// matching `pattern`, and with `matrices` only tensors of two or more dimensions (the 1-D
    /// biases and norm scales, centred near 0 or 1, are not weights in the sense of the claims).
    static func checkpointEntries(_ input: Checkpoint, pattern: String?, matrices: Bool) -> [Checkpoint.Entry] {
        let regex = pattern.flatMap { try? Regex($0) }
        return input.entries.filter { e in (!matrices || e.info.shape.count >= 2) && (regex.map { e.info.name.contains($0) } ?? true) }
    }

    /// A tensor one replicate produces.
    struct TensorSlot: Sendable, Equatable {
        var name: String
        var depth: Int?
    }

    /// The tensors of one replicate; nil when only the input decides (a `checkpoint:` experiment
    /// without `--input`).
    func producedTensors(input: Checkpoint?) -> [TensorSlot]? {
        func slot(_ name: String, _ depth: Int?) -> TensorSlot { TensorSlot(name: name, depth: depth ?? TensorName(name).depth) }
        switch self {
        case let .sample(_, _, tensors, _):
            return (0..<tensors).map { slot("tensors.\($0)", nil) }
        case let .checkpoint(pattern, matrices):
            guard let input else { return nil }
            return Self.checkpointEntries(input, pattern: pattern, matrices: matrices).map { slot($0.info.name, nil) }
        case let .drift(d):
            guard let drift = try? d.make() else { return [] }
            return drift.matrices.flatMap { spec in Self.layerRoles.map { slot("\(spec.name).\($0)", spec.depth) } }
        case let .lowRank(settings):
            return settings.perLayer ? settings.ranks.indices.map { slot("layers.\($0).delta", $0) } : [slot("delta", nil)]
        case let .train(t):
            let layers = 0..<(t.widths.count - 1)
            let snapshots = t.recordSteps.flatMap { s in layers.map { slot("layers.\($0).delta_at_\(s)", $0) } }
            return snapshots + layers.flatMap { l in Self.layerRoles.map { slot("layers.\(l).\($0)", l) } }
        case let .llama(settings):
            return settings.slots.map { slot($0.name, $0.layer) }
        case .merge, .sigmaGap:
            return []
        }
    }

    /// Quantities of the whole experiment (stored under tensor `_`).
    var experimentQuantities: [String] {
        switch self {
        case .sample, .checkpoint, .drift, .lowRank:
            return []
        case .sigmaGap:
            return ["sigma_gap", "sigma_gap_theory", "sigma_gap_ratio", "loss_gap", "loss_gap_theory", "loss_gap_ratio"]
        case .merge:
            return ["noise_shrinkage_ratio", "base.distance", "average.distance_over_theory", "ties.relative_to_average",
                    "amplify.relative_to_average"] + TaskMerging.methods.flatMap { ["\($0).distance", "\($0).teacher_loss", "\($0).rank"] }
        case let .train(t):
            var names = ["loss.train_initial", "loss.train_final", "loss.test_initial", "loss.test_final", "loss.test_ratio", "diverged",
                         "sigma_gap.initial", "sigma_gap.final", "sigma_gap.ratio"]
            for s in t.recordSteps { names += ["loss.train_at_\(s)", "loss.test_at_\(s)", "sigma_gap.at_\(s)"] }
            if !t.recordSteps.isEmpty { names.append("sigma_gap.loss_spearman") }
            if t.noiseScales { names += (0..<(t.widths.count - 1)).map { "noise_scale.\($0)" } }
            return names
        case let .llama(settings):
            return settings.quantityNames
        }
    }

    /// Quantities the experiment attaches to (some of) its tensors, beyond the analysis.
    var tensorQuantities: [String] {
        switch self {
        case .drift: return ["schedule_std", "std_ratio"]
        case let .lowRank(settings): return settings.perLayer ? ["rank"] : []
        case let .train(t): return t.noiseScales ? ["noise_scale"] : []
        case .llama: return ["displacement"]
        default: return []
        }
    }
}
