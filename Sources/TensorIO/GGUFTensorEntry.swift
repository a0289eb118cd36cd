/// One tensor of a GGUF file as its tensor info declares it, after validation.
public struct GGUFTensorEntry: Sendable, Equatable {
    public let name: String
    public let type: GGUFTensorType
    /// Row-major shape: the file's `ne` reversed (`ne[0]`, the row length, is the last dimension).
    public let shape: [Int]
    /// Index of the split file that holds it (0 for a single file).
    public let part: Int
    /// File byte offset of its tensor info (where its name field starts).
    public let infoOffset: Int
    /// File byte offset of its data (the data section's start plus the declared offset).
    public let dataOffset: Int
    /// Bytes of data: count / blockSize × typeSize.
    public let byteCount: Int

    /// Number of values: the product of the shape.
    public var count: Int { shape.reduce(1, *) }

    /// The readable description of the tensor, when WeightLab decodes its type.
    public var info: TensorInfo? {
        type.decodedDType.map { TensorInfo(name: name, dtype: $0, shape: shape, storage: type.isQuantized ? type.name : nil) }
    }
}
