/// The mean, standard deviation and excess kurtosis of a sample held in memory (replicates,
/// bootstrap resamples, per-tensor metrics, a small model's weights), in passes over it:
///
/// ```
/// x̄ = Σ xᵢ / n
/// s = √( Σ (xᵢ − x̄)² / (n − ddof) )      ddof = 1: the unbiased variance's root; 0: the ML one
/// excess kurtosis = n·Σ (xᵢ − x̄)⁴ / (Σ (xᵢ − x̄)²)² − 3
/// ```
/// The sums run in index order, so equal samples give equal results bit for bit. Large tensors
/// have their own parallel, compensated scan (Analysis's `MomentSummary`).
public enum SampleMoments {
    /// x̄ (NaN for an empty sample).
    @inlinable
    public static func mean<C: Collection>(_ x: C) -> Double where C.Element == Double {
        x.reduce(0, +) / Double(x.count)
    }

    /// s² about `mean` with n − `ddof` in the denominator (NaN when n ≤ ddof).
    @inlinable
    public static func variance<C: Collection>(_ x: C, mean m: Double, ddof: Int = 1) -> Double where C.Element == Double {
        x.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(x.count - ddof)
    }

    /// s about `mean` with n − `ddof` in the denominator (NaN when n ≤ ddof).
    public static func std(_ x: [Double], mean m: Double, ddof: Int = 1) -> Double {
        variance(x, mean: m, ddof: ddof).squareRoot()
    }

    /// The plug-in excess kurtosis about `mean` (0 when every xᵢ equals it, −3 + n·Σd⁴/(Σd²)²
    /// otherwise; 0 for an empty sample). Complexity: one pass.
    public static func excessKurtosis(_ x: [Double], mean m: Double) -> Double {
        var m2 = 0.0, m4 = 0.0
        for v in x {
            let d = v - m, d2 = d * d
            m2 += d2
            m4 += d2 * d2
        }
        return m2 > 0 ? Double(x.count) * m4 / (m2 * m2) - 3 : 0
    }
}
