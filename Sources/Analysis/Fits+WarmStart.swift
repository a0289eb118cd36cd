/// The warm start the Student-t and generalised-Gaussian ML fits share.
extension Fits {
    /// Samples of at least 8× this many values start the ML iterations from the optimum of every
    /// 8th value (Student-t and generalised Gaussian).
    static let warmStartMinimum = 4096

    /// `start`, or for a large sample (n ≥ 8 × ``warmStartMinimum``) the optimum `optimise` finds
    /// from it on every 8th value, x₀, x₈, x₁₆, …: a few standard errors from the full sample's
    /// optimum, from where the full sample needs two or three iterations instead of about six.
    static func warmStart<Start>(_ x: UnsafeBufferPointer<Double>, from start: Start,
                                 _ optimise: (UnsafeBufferPointer<Double>, Start) -> Start) -> Start {
        guard x.count >= 8 * warmStartMinimum else { return start }
        let every8th = (0..<((x.count + 7) / 8)).map { x[8 * $0] }
        return every8th.withUnsafeBufferPointer { optimise($0, start) }
    }
}
