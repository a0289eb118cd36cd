/// Why an analysis checkpoint could not be read, written, resumed or merged.
public enum AnalysisCheckpointError: Error, Sendable, Equatable, CustomStringConvertible {
    case cannotRead(file: String, reason: String)
    case cannotWrite(file: String, reason: String)
    /// The file is not an analysis checkpoint, or not one of this run (byte offset of the line).
    case mismatch(file: String, offset: Int, reason: String)
    /// Merged shards leave steps without a record.
    case incomplete(missing: Int, of: Int, files: [String])

    public var description: String {
        switch self {
        case let .cannotRead(file, reason): return "\(file): cannot read: \(reason)"
        case let .cannotWrite(file, reason): return "\(file): cannot write: \(reason)"
        case let .mismatch(file, offset, reason): return "\(file) (byte \(offset)): \(reason)"
        case let .incomplete(missing, total, files):
            return "\(files.joined(separator: ", ")): \(missing) of \(total) steps have no record (a shard missing or unfinished?)"
        }
    }
}
