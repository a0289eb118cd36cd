/// A weight file that cannot be read or written. Every case names the file; cases about one
/// tensor name it; cases about a position give the byte offset.
public enum TensorIOError: Error, Sendable, Equatable, CustomStringConvertible {
    case notFound(file: String)
    case cannotRead(file: String, reason: String)
    case cannotWrite(file: String, reason: String)
    case outputExists(file: String)
    /// The file is shorter than its fixed-size preamble.
    case tooShort(file: String, size: Int, needed: Int)
    /// The safetensors header length is larger than the limit or than the file.
    case headerTooLarge(file: String, declared: UInt64, limit: Int)
    /// The header is not valid JSON / UTF-8 / of the expected structure.
    case malformedHeader(file: String, offset: Int, reason: String)
    case duplicateName(file: String, tensor: String)
    case unknownDType(file: String, tensor: String, dtype: String)
    case badShape(file: String, tensor: String, reason: String)
    /// Declared byte range does not match the shape and dtype.
    case sizeMismatch(file: String, tensor: String, expected: Int, declared: Int)
    case rangeOutOfFile(file: String, tensor: String, end: Int, dataSize: Int)
    case overlappingRanges(file: String, tensor: String, other: String, offset: Int)
    case gap(file: String, offset: Int, length: Int)
    case truncated(file: String, tensor: String, expectedEnd: Int, fileSize: Int)
    case noSuchTensor(file: String, tensor: String)
    case badMagic(file: String)
    case unsupportedVersion(file: String, version: Int)
    case unsupportedDescr(file: String, descr: String)
    case fortranOrder(file: String)
    case dtypeNotSupported(file: String, dtype: DType, format: String)
    /// Values handed to a writer do not fit the declared tensors.
    case writeMismatch(file: String, reason: String)

    public var description: String {
        switch self {
        case let .notFound(file): return "\(file): no such file"
        case let .cannotRead(file, reason): return "\(file): cannot read: \(reason)"
        case let .cannotWrite(file, reason): return "\(file): cannot write: \(reason)"
        case let .outputExists(file): return "\(file): already exists (use --force to replace it)"
        case let .tooShort(file, size, needed): return "\(file): \(size) bytes is too short for the format (needs at least \(needed))"
        case let .headerTooLarge(file, declared, limit):
            return "\(file): header length \(declared) at byte 0 exceeds the limit (\(limit) bytes or the file size)"
        case let .malformedHeader(file, offset, reason): return "\(file): malformed header at byte \(offset): \(reason)"
        case let .duplicateName(file, tensor): return "\(file): tensor '\(tensor)' appears twice"
        case let .unknownDType(file, tensor, dtype): return "\(file): tensor '\(tensor)': unsupported dtype '\(dtype)' (WeightLab reads F16, BF16, F32, F64)"
        case let .badShape(file, tensor, reason): return "\(file): tensor '\(tensor)': bad shape: \(reason)"
        case let .sizeMismatch(file, tensor, expected, declared):
            return "\(file): tensor '\(tensor)': shape and dtype need \(expected) bytes but data_offsets span \(declared)"
        case let .rangeOutOfFile(file, tensor, end, dataSize):
            return "\(file): tensor '\(tensor)': data ends at byte \(end) of the data section, which has \(dataSize) bytes"
        case let .overlappingRanges(file, tensor, other, offset):
            return "\(file): tensor '\(tensor)' overlaps '\(other)' at data byte \(offset)"
        case let .gap(file, offset, length): return "\(file): \(length) unused bytes at data byte \(offset) (ranges must be contiguous)"
        case let .truncated(file, tensor, expectedEnd, fileSize):
            return "\(file): tensor '\(tensor)': data ends at byte \(expectedEnd) but the file has \(fileSize) bytes (truncated?)"
        case let .noSuchTensor(file, tensor): return "\(file): no tensor named '\(tensor)'"
        case let .badMagic(file): return "\(file): not an .npy file (bad magic at byte 0)"
        case let .unsupportedVersion(file, version): return "\(file): unsupported .npy version \(version) at byte 6"
        case let .unsupportedDescr(file, descr): return "\(file): unsupported .npy dtype '\(descr)' (WeightLab reads <f2, <f4, <f8)"
        case let .fortranOrder(file): return "\(file): Fortran-ordered .npy arrays are not supported; save with order='C'"
        case let .dtypeNotSupported(file, dtype, format): return "\(file): \(format) cannot hold \(dtype.rawValue) values"
        case let .writeMismatch(file, reason): return "\(file): \(reason)"
        }
    }
}
