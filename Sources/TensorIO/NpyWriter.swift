import Foundation

/// Streams one tensor into a `.npy` file (layout in ``NpyFormat``): the preamble, then the values
/// in C order, converted to the dtype as they arrive. Only the values passed to one `write` call
/// are held in memory; the file appears at `url` only when ``finish()`` succeeds.
public final class NpyWriter {
    public let url: URL
    public let shape: [Int]
    public let dtype: DType
    private let file: AtomicFile
    private let count: Int
    private var written = 0
    private let dataStart: Int
    private var placed = false

    /// Creates the temporary file and writes the preamble.
    /// - Throws: ``TensorIOError/dtypeNotSupported(file:dtype:format:)`` for bf16 (NumPy has no
    ///   such type), ``TensorIOError/writeMismatch(file:reason:)`` for a negative dimension, or
    ///   the error of creating the file.
    public init(url: URL, shape: [Int], dtype: DType, overwrite: Bool = false) throws(TensorIOError) {
        guard let descr = dtype.npyDescr else { throw .dtypeNotSupported(file: url.path, dtype: dtype, format: ".npy") }
        guard shape.allSatisfy({ $0 >= 0 }) else { throw .writeMismatch(file: url.path, reason: "negative dimension in shape \(shape)") }
        self.url = url
        self.shape = shape
        self.dtype = dtype
        count = shape.reduce(1, *)
        file = try AtomicFile(url: url, overwrite: overwrite)
        let preamble = NpyFormat.preamble(shape: shape, descr: descr)
        dataStart = preamble.count
        try file.write(Data(preamble))
    }

    /// Whether ``finish()`` fsyncs the file before renaming it (see ``AtomicFile/durable``).
    public var durable: Bool {
        get { file.durable }
        set { file.durable = newValue }
    }

    /// Gives the file its full size and returns where the values go, for writing them in place
    /// from several threads (``TensorPlacement``, tensor 0) instead of with ``write(_:)``;
    /// ``finish()`` then renames the file into place. The caller writes every element.
    public func placement() throws(TensorIOError) -> TensorPlacement {
        try file.reserve(size: dataStart + count * dtype.byteWidth)
        placed = true
        return TensorPlacement(file: file, entries: [TensorInfo(name: "", dtype: dtype, shape: shape)], starts: [dataStart])
    }

    /// Appends values of either precision, converted to the file's dtype.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func write<T: WeightScalar>(_ values: UnsafeBufferPointer<T>) throws(TensorIOError) {
        guard values.count <= count - written else {
            file.abandon()
            throw .writeMismatch(file: url.path, reason: "more than the \(count) values of shape \(shape)")
        }
        try ElementCodec.encode(values, as: dtype) { (raw) throws(TensorIOError) in try file.write(raw) }
        written += values.count
    }

    /// Checks that the tensor is complete, then fsyncs and renames the file into place.
    public func finish() throws(TensorIOError) {
        guard placed || written == count else {
            file.abandon()
            throw .writeMismatch(file: url.path, reason: "\(written) values do not fill shape \(shape)")
        }
        try file.commit()
    }
}
