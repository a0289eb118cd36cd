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
}
