/// The name of one per-replicate number, as a run carries it: a typed value in memory, written
/// as its `description` in the checkpoint and read back with `init?(_:)` (the one place a name
/// is text). ScenarioKit's `MetricKey` is one; a plain `String` is another.
public protocol MetricName: Hashable, Sendable, LosslessStringConvertible {}

extension String: MetricName {}
