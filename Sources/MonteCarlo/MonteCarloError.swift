/// A replicate run that cannot proceed.
public enum MonteCarloError: Error, Sendable, Equatable, CustomStringConvertible {
    case checkpointExists(file: String)
    case checkpointMismatch(file: String, reason: String)
    case cannotWrite(file: String, reason: String)
    case cannotRead(file: String, reason: String)
    case replicateFailed(index: Int, reason: String)
    case invalidShard(String)
    case incompleteMerge(missing: [Int])
    case conflictingShards(index: Int)

    public var description: String {
        switch self {
        case let .checkpointExists(file): return "\(file): a checkpoint exists; resume with --resume or start over with --force"
        case let .checkpointMismatch(file, reason): return "\(file): checkpoint belongs to another run (\(reason))"
        case let .cannotWrite(file, reason): return "\(file): cannot write: \(reason)"
        case let .cannotRead(file, reason): return "\(file): cannot read: \(reason)"
        case let .replicateFailed(index, reason): return "replicate \(index) failed: \(reason)"
        case let .invalidShard(text): return "--shard must look like i/n with 0 ≤ i < n, got '\(text)'"
        case let .incompleteMerge(missing):
            let shown = missing.prefix(8).map(String.init).joined(separator: ", ")
            return "missing \(missing.count) replicate\(missing.count == 1 ? "" : "s"): \(shown)\(missing.count > 8 ? ", …" : "")"
        case let .conflictingShards(index): return "replicate \(index) appears in two shards with different values"
        }
    }
}
