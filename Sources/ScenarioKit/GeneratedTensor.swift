/// A tensor one replicate of an experiment produced, to be analysed.
public struct GeneratedTensor: Sendable {
    /// Name, e.g. `layers.3.delta`; claims select tensors by regex on it.
    public var name: String
    /// Layer index, where the tensor belongs to a layer.
    public var depth: Int?
    public var shape: [Int]
    public var values: [Float]

    public init(name: String, depth: Int? = nil, shape: [Int], values: [Float]) {
        self.name = name
        self.depth = depth
        self.shape = shape
        self.values = values
    }
}
