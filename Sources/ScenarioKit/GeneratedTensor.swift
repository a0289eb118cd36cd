/// A tensor one replicate of an experiment produced, to be analysed: its values in memory, or, for
/// a tensor of a file, a reader that fetches them when the analysis gets to it, so that a large
/// checkpoint is held one tensor at a time.
public struct GeneratedTensor: Sendable {
    /// Name, e.g. `layers.3.delta`; claims select tensors by regex on it.
    public var name: String
    /// Layer index, where the tensor belongs to a layer.
    public var depth: Int?
    public var shape: [Int]
    /// The values; empty for a tensor still to be read (see ``materialized()``).
    public var values: [Float]
    private let reader: (@Sendable () throws -> [Float])?

    public init(name: String, depth: Int? = nil, shape: [Int], values: [Float]) {
        self.name = name
        self.depth = depth
        self.shape = shape
        self.values = values
        self.reader = nil
    }

    /// A tensor whose values `reader` fetches on demand.
    public init(name: String, depth: Int? = nil, shape: [Int], reader: @escaping @Sendable () throws -> [Float]) {
        self.name = name
        self.depth = depth
        self.shape = shape
        self.values = []
        self.reader = reader
    }

    /// The tensor with its values in memory: itself, or a copy with the values read now.
    public func materialized() throws -> GeneratedTensor {
        guard let reader else { return self }
        return GeneratedTensor(name: name, depth: depth, shape: shape, values: try reader())
    }
}
