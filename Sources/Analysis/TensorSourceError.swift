import TensorIO

/// Why a tensor of a ``TensorSource`` could not be read: the file failed, or the base has no
/// tensor of that name or shape to subtract.
public enum TensorSourceError: Error, Sendable, CustomStringConvertible {
    /// The file could not be read (its error names the file, tensor and byte offset).
    case read(TensorIOError)
    /// `base` has no tensor `tensor` (found in `file`).
    case missingInBase(base: String, tensor: String, file: String)
    /// The shapes of `tensor` in `file` and in `base` differ.
    case shapeMismatch(tensor: String, file: String, shape: [Int], base: String, baseShape: [Int])

    public var description: String {
        switch self {
        case let .read(e): return e.description
        case let .missingInBase(base, tensor, file): return "\(base): no tensor '\(tensor)' to subtract from '\(tensor)' in \(file)"
        case let .shapeMismatch(tensor, file, shape, base, baseShape): return "tensor '\(tensor)': shape \(shape) in \(file) but \(baseShape) in \(base)"
        }
    }}
