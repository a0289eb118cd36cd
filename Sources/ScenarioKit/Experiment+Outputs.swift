import Analysis
import Simulation
import TensorIO

/// What an experiment produces, known before it runs: the tensors of one replicate with their
/// depths, the experiment-wide quantities (tensor `_`) and the quantities it attaches to tensors.
/// Claim validation checks metrics and tensor patterns against these; the names come from the
/// metric catalogue (``MetricCatalogue``), through which ``ExperimentRunner`` emits its outputs.
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
        case let .drift(drift, _):
            return drift.matrices.flatMap { spec in Self.layerRoles.map { slot("\(spec.name).\($0)", spec.depth) } }
        case let .lowRank(_, updates, perLayer):
            return perLayer ? updates.indices.map { slot("layers.\($0).delta", $0) } : [slot("delta", nil)]
        case let .train(t):
            let layers = 0..<(t.widths.count - 1)
            let snapshots = t.recordSteps.flatMap { s in layers.map { slot("layers.\($0).delta_at_\(s)", $0) } }
            return snapshots + layers.flatMap { l in Self.layerRoles.map { slot("layers.\(l).\($0)", l) } }
        case let .llama(phases, outputs):
            return phases.slots(outputs: outputs).map { slot($0.name, $0.layer) }
        case .merge, .sigmaGap:
            return []
        }
    }

    /// Quantities of the whole experiment (stored under tensor `_`), from the catalogue.
    var experimentQuantities: [String] {
        switch self {
        case .sample, .checkpoint, .drift, .lowRank: return []
        case .sigmaGap: return SigmaGapMetrics.names
        case .merge: return MergeMetrics.names
        case let .train(t): return TrainMetrics.names(for: t)
        case let .llama(phases, _): return LlamaMetrics.names(for: phases)
        }
    }

    /// Quantities the experiment attaches to (some of) its tensors, beyond the analysis.
    var tensorQuantities: [String] {
        let m = ExperimentTensorMetrics.self
        switch self {
        case .drift: return [m.scheduleStd.name, m.stdRatio.name]
        case let .lowRank(_, _, perLayer): return perLayer ? [m.rank.name] : []
        case let .train(t): return t.adapter == .noise ? [m.noiseScale.name] : []
        case .llama: return [m.displacement.name]
        default: return []
        }
    }
}
