/// What one replicate of one case produced: tensors to analyse and quantities measured directly
/// by the experiment (losses, distances), keyed by name.
public struct ExperimentOutput: Sendable {
    public var tensors: [GeneratedTensor]
    /// Experiment-wide quantities in a stable order.
    public var quantities: [(String, Double)]
    /// Quantities the experiment knows about a tensor (e.g. the scheduled std), by tensor name;
    /// each also yields `<name>_ratio` = measured std / scheduled std when it is a `schedule_std`.
    public var tensorQuantities: [String: [(String, Double)]] = [:]
    /// The training step at which the loss stopped being finite (train experiments), if it did:
    /// such a run yields no final tensors.
    public var divergedAt: Int?

    public init(tensors: [GeneratedTensor] = [], quantities: [(String, Double)] = []) {
        self.tensors = tensors
        self.quantities = quantities
    }

    /// Emits an experiment-wide quantity under its catalogue declaration, placeholders filled in
    /// order (`add(TrainMetrics.trainAt, loss, step)` → `loss.train_at_40`).
    mutating func add(_ metric: Metric, _ value: Double, _ parameters: any CustomStringConvertible...) {
        quantities.append((metric.named(parameters), value))
    }

    /// Emits a quantity the experiment attaches to the tensor `name`.
    mutating func attach(_ metric: Metric, _ value: Double, to name: String) {
        tensorQuantities[name, default: []].append((metric.name, value))
    }
}
