/// A weight file that cannot be read or written. Every case names the file; cases about one
/// tensor name it; every case about the file's contents gives the byte offset (from the start of
/// the file) of the offending header field or data range.
///
/// Descriptions read `FILE: tensor 'NAME' at byte N: what is wrong`, or `FILE: at byte N: …`
/// when no tensor is concerned.
public enum TensorIOError: Error, Sendable, Equatable, CustomStringConvertible {
    case notFound(file: String)
    case cannotRead(file: String, reason: String)
    case cannotWrite(file: String, reason: String)
    case outputExists(file: String)
    /// The file ends (at byte `size`) before its fixed-size preamble does.
    case tooShort(file: String, size: Int, needed: Int)
    /// The header length field at `offset` declares more than `limit` bytes, or more than the
    /// `available` bytes that follow the field.
    case headerTooLarge(file: String, offset: Int, declared: UInt64, limit: Int, available: Int)
    /// The header is not valid JSON / UTF-8 / of the expected structure.
    case malformedHeader(file: String, offset: Int, reason: String)
    /// One tensor's header entry lacks a field or has one of the wrong kind.
    case malformedEntry(file: String, tensor: String, offset: Int, reason: String)
    /// `offset` is nil when a writer is handed the duplicate (no file content to point into).
    case duplicateName(file: String, tensor: String, offset: Int? = nil)
    case unknownDType(file: String, tensor: String, offset: Int, dtype: String)
    /// `offset` is nil when a writer is handed the shape.
    case badShape(file: String, tensor: String, offset: Int? = nil, reason: String)
    /// The byte range declared at `offset` does not match the shape and dtype.
    case sizeMismatch(file: String, tensor: String, offset: Int, expected: Int, declared: Int)
    /// The tensor's data would start at `offset`, at or past the end of the file.
    case rangeOutOfFile(file: String, tensor: String, offset: Int, end: Int, fileSize: Int)
    case overlappingRanges(file: String, tensor: String, other: String, offset: Int)
    /// `length` bytes at `offset` belong to no tensor; `before` is the tensor that follows them
    /// (nil for bytes after the last tensor).
    case gap(file: String, offset: Int, length: Int, before: String?)
    /// The tensor's data starts at `offset` inside the file but runs past its end.
    case truncated(file: String, tensor: String, offset: Int, expectedEnd: Int, fileSize: Int)
    case noSuchTensor(file: String, tensor: String)
    case badMagic(file: String)
    case unsupportedVersion(file: String, version: Int)
    case unsupportedDescr(file: String, tensor: String, offset: Int, descr: String)
    case fortranOrder(file: String, tensor: String, offset: Int)
    case dtypeNotSupported(file: String, dtype: DType, format: String)
    /// Values handed to a writer do not fit the declared tensors.
    case writeMismatch(file: String, reason: String)
    /// The file does not start with the `format`'s magic bytes (e.g. "GGUF").
    case wrongMagic(file: String, format: String)
    /// The `format`'s version field at `offset` holds a version WeightLab does not read.
    case unsupportedFormatVersion(file: String, offset: Int, format: String, version: Int)
    /// A count or length field at `offset` (`what`: "tensor count", "string length", …) declares
    /// `declared` items, more than the `limit` that the bytes left in the file could hold.
    case countTooLarge(file: String, offset: Int, what: String, declared: UInt64, limit: UInt64)
    /// A container (a PyTorch zip archive) whose structure at `offset` is broken or unsupported.
    case malformedArchive(file: String, offset: Int, reason: String)
    /// A pickle that the restricted reader refuses at `offset`: an opcode or GLOBAL outside the
    /// `torch.load(weights_only=True)` set, or bytes that do not form a pickle.
    case pickleRejected(file: String, offset: Int, reason: String)

    public var description: String {
        switch self {
        case let .notFound(file): return "\(file): no such file"
        case let .cannotRead(file, reason): return "\(file): cannot read: \(reason)"
        case let .cannotWrite(file, reason): return "\(file): cannot write: \(reason)"
        case let .outputExists(file): return "\(file): already exists (use --force to replace it)"
        case let .tooShort(file, size, needed):
            return "\(file): at byte \(size): the file ends there, too short for the format (its preamble needs \(needed) bytes)"
        case let .headerTooLarge(file, offset, declared, limit, available):
            if declared > UInt64(limit) {
                return "\(file): at byte \(offset): the header length field declares \(declared) bytes, more than the limit of \(limit)"
            }
            return "\(file): at byte \(offset): the header length field declares \(declared) bytes, but only \(available) bytes follow it"
        case let .malformedHeader(file, offset, reason): return "\(file): at byte \(offset): malformed header: \(reason)"
        case let .malformedEntry(file, tensor, offset, reason): return "\(file): tensor '\(tensor)' at byte \(offset): malformed header entry: \(reason)"
        case let .duplicateName(file, tensor, offset): return "\(file): \(Self.place(tensor, offset)): the name appears twice"
        case let .unknownDType(file, tensor, offset, dtype):
            return "\(file): tensor '\(tensor)' at byte \(offset): unsupported dtype '\(dtype)' (WeightLab reads F16, BF16, F32, F64)"
        case let .badShape(file, tensor, offset, reason): return "\(file): \(Self.place(tensor, offset)): bad shape: \(reason)"
        case let .sizeMismatch(file, tensor, offset, expected, declared):
            return "\(file): tensor '\(tensor)' at byte \(offset): shape and dtype need \(expected) bytes but data_offsets span \(declared)"
        case let .rangeOutOfFile(file, tensor, offset, end, fileSize):
            return "\(file): tensor '\(tensor)' at byte \(offset): its data [\(offset), \(end)) lies beyond the end of the file (\(fileSize) bytes)"
        case let .overlappingRanges(file, tensor, other, offset):
            return "\(file): tensor '\(tensor)' at byte \(offset): its data overlaps that of '\(other)'"
        case let .gap(file, offset, length, before):
            let place = before.map { "before tensor '\($0)'" } ?? "after the last tensor"
            return "\(file): at byte \(offset): \(length) bytes belong to no tensor (\(place); data ranges must be contiguous)"
        case let .truncated(file, tensor, offset, expectedEnd, fileSize):
            return "\(file): tensor '\(tensor)' at byte \(offset): its data ends at byte \(expectedEnd) but the file has \(fileSize) bytes (truncated?)"
        case let .noSuchTensor(file, tensor): return "\(file): no tensor named '\(tensor)'"
        case let .badMagic(file): return "\(file): at byte 0: not an .npy file (bad magic)"
        case let .unsupportedVersion(file, version): return "\(file): at byte 6: unsupported .npy version \(version)"
        case let .unsupportedDescr(file, tensor, offset, descr):
            return "\(file): tensor '\(tensor)' at byte \(offset): unsupported .npy dtype '\(descr)' (WeightLab reads <f2, <f4, <f8)"
        case let .fortranOrder(file, tensor, offset):
            return "\(file): tensor '\(tensor)' at byte \(offset): Fortran-ordered .npy arrays are not supported; save with order='C'"
        case let .dtypeNotSupported(file, dtype, format): return "\(file): \(format) cannot hold \(dtype.rawValue) values"
        case let .writeMismatch(file, reason): return "\(file): \(reason)"
        case let .wrongMagic(file, format): return "\(file): at byte 0: not a \(format) file (bad magic)"
        case let .unsupportedFormatVersion(file, offset, format, version):
            return "\(file): at byte \(offset): unsupported \(format) version \(version)"
        case let .countTooLarge(file, offset, what, declared, limit):
            return "\(file): at byte \(offset): the \(what) declares \(declared), more than the \(limit) the rest of the file can hold"
        case let .malformedArchive(file, offset, reason): return "\(file): at byte \(offset): malformed archive: \(reason)"
        case let .pickleRejected(file, offset, reason): return "\(file): at byte \(offset): pickle refused: \(reason)"
        }
    }

    private static func place(_ tensor: String, _ offset: Int?) -> String {
        offset.map { "tensor '\(tensor)' at byte \($0)" } ?? "tensor '\(tensor)'"
    }
}
