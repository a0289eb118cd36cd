/// Name, element type and shape of a stored tensor.
public struct TensorInfo: Sendable, Equatable, Hashable {
    public var name: String
    public var dtype: DType
    public var shape: [Int]

    public init(name: String, dtype: DType, shape: [Int]) {
        self.name = name
        self.dtype = dtype
        self.shape = shape
    }

    /// Number of elements: the product of the shape (1 for a scalar, `[]`).
    public var count: Int { shape.reduce(1, *) }

    /// Bytes of data: count × element width.
    public var byteCount: Int { count * dtype.byteWidth }
}
