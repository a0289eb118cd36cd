/// Name, element type and shape of a stored tensor.
public struct TensorInfo: Sendable, Equatable, Hashable {
    public var name: String
    public var dtype: DType
    public var shape: [Int]
    /// How the file stores the values when that is not `dtype` itself: a quantisation such as
    /// "Q4_K" (GGUF), whose values decode to `dtype`. nil for plain F16/BF16/F32/F64 storage.
    public var storage: String?

    public init(name: String, dtype: DType, shape: [Int], storage: String? = nil) {
        self.name = name
        self.dtype = dtype
        self.shape = shape
        self.storage = storage
    }

    /// Number of elements: the product of the shape (1 for a scalar, `[]`).
    public var count: Int { shape.reduce(1, *) }

    /// Bytes of the decoded data: count × element width (a quantised tensor takes fewer in its file).
    public var byteCount: Int { count * dtype.byteWidth }
}
