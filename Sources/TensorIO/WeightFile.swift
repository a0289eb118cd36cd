import Foundation

/// One weight file's reader: the tensors it holds and their values, decoded on request.
///
/// Every format WeightLab reads (safetensors, `.npy`, and the readers added beside them) conforms,
/// and ``Checkpoint`` opens files through ``WeightFileFormat``, so a new format is one reader type
/// plus one line in that table. A reader validates its file on open and trusts nothing: errors are
/// ``TensorIOError`` values naming the file, tensor and byte offset.
public protocol WeightFile: AnyObject, Sendable {
    /// The file this reader opened.
    var url: URL { get }
    /// Readable tensors, in the file's order.
    var tensors: [TensorInfo] { get }
    /// Tensors present in the file that WeightLab does not decode: name and the file's own type
    /// name (an integer dtype, a quantisation WeightLab lacks), in the file's order.
    var unsupportedTensors: [(name: String, dtype: String)] { get }
    /// Entries left out because they are malformed, each with its error (opened leniently).
    var skipped: [TensorIOError] { get }
    /// Tensors read once under another name because they share its storage (views, tied
    /// weights): each alias and the tensor it repeats.
    var aliases: [(name: String, of: String)] { get }
    /// Notes the reader has about tensor `name` for the report (for a LoRA ΔW: r, α and s).
    func notes(for name: String) -> [String]
    /// The file byte offset that locates tensor `name` (its header entry), for error messages.
    func location(of name: String) -> Int?
    /// The values of `name` as `T`: exact for Double, F64 rounded to nearest for Float.
    func values<T: WeightScalar>(_ name: String, as type: T.Type) throws(TensorIOError) -> [T]
    /// Gives back the memory-mapped pages of `name` once its values have been read (see
    /// ``Checkpoint/releasePages(of:)``); a no-op for readers that do not map the tensor's bytes.
    func releasePages(of name: String)
    /// Runs `body` on the stored bytes of `name` when they are its plain little-endian values of
    /// its dtype, read in place from the file's map (no copy); nil when the reader has no such
    /// bytes (a quantised or computed tensor, a format not read from a map).
    func withPlainBytes<R>(_ name: String, _ body: (UnsafeRawBufferPointer) -> R) -> R?
}

extension WeightFile {
    public var skipped: [TensorIOError] { [] }
    public var unsupportedTensors: [(name: String, dtype: String)] { [] }
    public var aliases: [(name: String, of: String)] { [] }
    public func notes(for name: String) -> [String] { [] }
    public func location(of name: String) -> Int? { nil }
    public func releasePages(of name: String) {}
    public func withPlainBytes<R>(_ name: String, _ body: (UnsafeRawBufferPointer) -> R) -> R? { nil }
}
