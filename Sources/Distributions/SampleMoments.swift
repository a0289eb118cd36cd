/// The mean and standard deviation of a small sample held in memory (replicates, bootstrap
/// resamples, per-tensor metrics), in two passes:
///
/// ```
/// x̄ = Σ xᵢ / n
/// s = √( Σ (xᵢ − x̄)² / (n − ddof) )      ddof = 1: the unbiased variance's root; 0: the ML one
/// ```
/// The sums run in index order, so equal samples give equal results bit for bit. Large tensors
/// have their own parallel, compensated scan (Analysis's `MomentSummary`).
public enum SampleMoments {
    /// x̄ (NaN for an empty sample).
    public static func mean(_ x: [Double]) -> Double {
        x.reduce(0, +) / Double(x.count)
    }

    /// s about `mean` with n − `ddof` in the denominator (NaN when n ≤ ddof).
    public static func std(_ x: [Double], mean m: Double, ddof: Int = 1) -> Double {
        (x.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(x.count - ddof)).squareRoot()
    }
}
