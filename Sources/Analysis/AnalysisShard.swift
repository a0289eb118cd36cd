/// A deterministic, size-balanced slice of an analysis: shard `index` of `count` (0-based, as in
/// a Slurm array `--array=0-(n-1)`).
///
/// The tensors are taken largest first (ties by step order) and each goes to the shard with the
/// fewest bytes so far (ties to the lowest index) — greedy longest-processing-time scheduling, so
/// the largest shard exceeds the mean by at most the largest tensor:
///
/// ```
/// load_max ≤ Σ bytes / n + max bytes
/// ```
public struct AnalysisShard: Sendable, Equatable, CustomStringConvertible {
    public var index: Int
    public var count: Int

    /// nil unless 0 ≤ index < count.
    public init?(index: Int, count: Int) {
        guard count >= 1, index >= 0, index < count else { return nil }
        self.index = index
        self.count = count
    }

    /// `i/n`, as given to `--shard`.
    public var description: String { "\(index)/\(count)" }

    /// The shard of each item of `sizes` (bytes), by the greedy rule above.
    ///
    /// Complexity: O(k log k + k·n) for k items.
    public static func assign(sizes: [Int], count: Int) -> [Int] {
        var loads = [Int](repeating: 0, count: count)
        var owner = [Int](repeating: 0, count: sizes.count)
        let order = sizes.indices.sorted { sizes[$0] != sizes[$1] ? sizes[$0] > sizes[$1] : $0 < $1 }
        for i in order {
            let s = loads.indices.min { loads[$0] != loads[$1] ? loads[$0] < loads[$1] : $0 < $1 }!
            owner[i] = s
            loads[s] += sizes[i]
        }
        return owner
    }
}
