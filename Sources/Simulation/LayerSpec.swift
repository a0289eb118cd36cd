import TensorIO

/// One weight matrix of a model: its name, shape, layer index and module kind.
public struct LayerSpec: Sendable, Equatable {
    public var name: String
    /// rows × columns (out × in).
    public var shape: [Int]
    public var depth: Int
    public var module: ModuleKind

    public init(name: String, shape: [Int], depth: Int, module: ModuleKind) {
        self.name = name
        self.shape = shape
        self.depth = depth
        self.module = module
    }
}
