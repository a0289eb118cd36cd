/// A disjoint, deterministic slice of the replicates: shard i of n runs the indices with
/// index mod n = i (0-based, as in a Slurm array `--array=0-(n-1)`).
public struct Shard: Sendable, Equatable, Codable, CustomStringConvertible {
    public var index: Int
    public var count: Int

    public init(index: Int, count: Int) throws(MonteCarloError) {
        guard count >= 1, index >= 0, index < count else { throw .invalidShard("\(index)/\(count)") }
        self.index = index
        self.count = count
    }

    /// Parses `i/n`.
    public static func parse(_ text: String) throws(MonteCarloError) -> Shard {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]) else { throw .invalidShard(text) }
        do { return try Shard(index: i, count: n) } catch { throw .invalidShard(text) }
    }

    public func contains(_ replicate: Int) -> Bool { replicate % count == index }

    public var description: String { "\(index)/\(count)" }
}
