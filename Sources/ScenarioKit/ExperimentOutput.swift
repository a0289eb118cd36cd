/// What one replicate of one case produced: tensors to analyse and quantities measured directly
/// by the experiment (losses, distances), keyed by name.
public struct ExperimentOutput: Sendable {
    public var tensors: [GeneratedTensor]
    /// Experiment-wide quantities in a stable order.
    public var quantities: [(String, Double)]

    public init(tensors: [GeneratedTensor] = [], quantities: [(String, Double)] = []) {
        self.tensors = tensors
        self.quantities = quantities
    }
}
