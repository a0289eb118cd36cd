/// How far an analysis run has come, over tensors and bytes, for a progress bar. Counts include
/// the tensors restored from a checkpoint; the rate is that of this invocation.
public struct AnalysisProgress: Sendable, Equatable {
    public var tensorsDone: Int
    public var tensorsTotal: Int
    public var bytesDone: Int
    public var bytesTotal: Int
    /// Seconds since this invocation started.
    public var elapsed: Double
    /// Bytes analysed in this invocation per second.
    public var bytesPerSecond: Double
    /// The name of the tensor just finished.
    public var current: String

    public init(tensorsDone: Int, tensorsTotal: Int, bytesDone: Int, bytesTotal: Int, elapsed: Double, bytesPerSecond: Double, current: String) {
        self.tensorsDone = tensorsDone
        self.tensorsTotal = tensorsTotal
        self.bytesDone = bytesDone
        self.bytesTotal = bytesTotal
        self.elapsed = elapsed
        self.bytesPerSecond = bytesPerSecond
        self.current = current
    }

    /// Seconds left at the current byte rate (∞ before the first tensor).
    ///
    /// ```
    /// eta = (bytesTotal − bytesDone) / rate
    /// ```
    public var eta: Double { bytesPerSecond > 0 ? Double(bytesTotal - bytesDone) / bytesPerSecond : .infinity }

    /// Whether every tensor is done.
    public var isFinished: Bool { tensorsDone >= tensorsTotal }
}
