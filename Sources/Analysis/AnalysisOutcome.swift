/// The results of an analysis run in step order: the reports, the skipped tensors and the
/// problems, gathered from the records of every step (restored from a checkpoint, merged from
/// shards, or fresh — the order never depends on which).
public struct AnalysisOutcome: Sendable, Equatable {
    public var reports: [TensorReport] = []
    public var skipped: [SkippedTensor] = []
    public var problems: [String] = []

    public init() {}

    /// The outcome of `records`, taken in ascending step index.
    public init(records: [Int: AnalysisRecord]) {
        for index in records.keys.sorted() {
            switch records[index]! {
            case let .report(r): reports.append(r)
            case let .skipped(s): skipped.append(s)
            case let .problem(p): problems.append(p)
            }
        }
    }
}
