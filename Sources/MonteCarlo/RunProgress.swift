/// Progress of a run, for a progress bar.
public struct RunProgress: Sendable {
    /// Replicates finished in this shard, including those restored from the checkpoint.
    public var done: Int
    public var total: Int
    /// Seconds since this invocation started.
    public var elapsed: Double
    /// Replicates finished in this invocation per second.
    public var rate: Double
    /// Seconds left at the current rate.
    public var eta: Double
}
