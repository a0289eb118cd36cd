import Foundation
import GSLKit
import TensorIO

/// Moments of the finite values of a tensor with confidence intervals, sparsity and tail mass.
///
/// ```
/// mean, std (ddof 0, the scipy/numpy default), skewness g₁ = m₃/m₂^{3/2}, excess kurtosis g₂ = m₄/m₂² − 3
///   (the biased scipy.stats.skew / kurtosis values); s = √(n·m₂/(n − 1))
/// mean:  SE = s/√n,  95 % CI mean ± t₀.₉₇₅,ₙ₋₁·SE                       (exact under normality)
/// σ:     SE = σ̂/√(2(n − 1)),  95 % CI [s·√((n−1)/χ²₀.₉₇₅,ₙ₋₁), s·√((n−1)/χ²₀.₀₂₅,ₙ₋₁)]   (exact under normality)
/// g₁:    SE² = 6(n − 2)/((n + 1)(n + 3))                                 (exact variance of g₁ under normality)
/// g₂:    SE² = 24n(n − 2)(n − 3)/((n + 1)²(n + 3)(n + 5))                 (exact variance of g₂ under normality)
///        CIs of g₁, g₂: estimate ± 1.959964·SE (coverage 0.95 ± 0.01 from n ≈ 50 on, by simulation)
/// tail_3sigma = #{|x − mean| > 3σ}/n, against 2(1 − Φ(3)) = 0.0026998 with binomial SE
/// symmetry: z = (#{x > mean} − #{x < mean})/√(#{x ≠ mean})
/// ```
/// The intervals are those of the normal law, the null the analyzer tests against; for a clearly
/// non-normal tensor the g₂ interval in particular understates the spread (its variance involves
/// the eighth moment).
/// Three passes in double precision, each parallel over chunks whose partial sums are combined in order.
public struct MomentSummary: Sendable, Codable, Equatable {
    public var count: Int
    public var nanCount: Int
    public var infCount: Int
    public var mean: Estimate
    public var std: Estimate
    public var skewness: Estimate
    public var excessKurtosis: Estimate
    public var min: Double
    public var max: Double
    /// Fraction of exact zeros.
    public var zeroFraction: Double
    /// Fraction with |x| < `smallThreshold`.
    public var smallFraction: Double
    public var smallThreshold: Double
    /// Fraction with |x − mean| > 3σ.
    public var tail3Sigma: Double
    /// (tail3Sigma − 0.0026998)/SE under the normal.
    public var tail3SigmaZ: Double
    /// (#{x > mean} − #{x < mean})/√(#{x ≠ mean}): symmetry about the mean (≈ N(0,1) for laws symmetric about it).
    public var signZ: Double

    enum CodingKeys: String, CodingKey {
        case count, mean, std, skewness, min, max
        case nanCount = "nan_count"
        case infCount = "inf_count"
        case excessKurtosis = "excess_kurtosis"
        case zeroFraction = "zero_fraction"
        case smallFraction = "small_fraction"
        case smallThreshold = "small_threshold"
        case tail3Sigma = "tail_3sigma_fraction"
        case tail3SigmaZ = "tail_3sigma_z"
        case signZ = "sign_z"
    }

    /// χ² quantile. GSL's `gsl_cdf_chisq_Pinv` fails to converge (returns NaN) for many degrees of
    /// freedom from about 1.4·10⁴ on, so from ν = 1000 on the quantile is found by Newton's method on
    /// the regularised incomplete gamma function from the Wilson–Hilferty start:
    /// ```
    /// x₀ = ν(1 − 2/(9ν) + z_p·√(2/(9ν)))³            (relative error < 10⁻⁴ for ν ≥ 1000)
    /// xₖ₊₁ = xₖ − (P(ν/2, xₖ/2) − p)/f(xₖ),  f(x) = (x/2)^{ν/2−1}e^{−x/2}/(2Γ(ν/2))
    /// ```
    /// until the step is below 10⁻¹⁵·x (two or three steps). Agrees with scipy.stats.chi2.ppf to
    /// 10⁻¹⁴ relative for every ν tested (1 … 10¹²); below ν = 1000, GSL's own inversion is used,
    /// with the same Newton refinement should it ever return a non-finite value.
    static func chiSquaredQuantile(_ p: Double, dof: Double) -> Double {
        if dof < 1000 {
            let q = SpecialFunctions.chiSquaredQuantile(p, dof: dof)
            if q.isFinite { return q }
        }
        let a = 2 / (9 * dof)
        var x = dof * Foundation.pow(Swift.max(1 - a + SpecialFunctions.normalQuantile(p) * a.squareRoot(), 0.01), 3)
        let half = dof / 2, lnGammaHalf = SpecialFunctions.lnGamma(half)
        for _ in 0..<50 {
            let density = exp((half - 1) * log(x / 2) - x / 2 - lnGammaHalf) / 2
            let step = (SpecialFunctions.gammaP(half, x / 2) - p) / density
            x = Swift.max(x - step, x / 2)
            if Swift.abs(step) <= 1e-15 * x { break }
        }
        return x
    }

    /// The 95 % interval of σ from the sample standard deviation s (ddof 1) of n normal values:
    /// [s·√((n−1)/χ²₀.₉₇₅,ₙ₋₁), s·√((n−1)/χ²₀.₀₂₅,ₙ₋₁)].
    static func stdInterval(s: Double, n: Int) -> (Double, Double) {
        let dof = Double(n - 1)
        return (s * (dof / chiSquaredQuantile(0.975, dof: dof)).squareRoot(), s * (dof / chiSquaredQuantile(0.025, dof: dof)).squareRoot())
    }

    /// The normal's two-sided mass beyond 3σ.
    public static let normalTail3Sigma = 2 * SpecialFunctions.normalSF(3)

    /// 1 for true, 0 for false, without a branch (a Bool is stored as the byte 0 or 1).
    @inline(__always) static func one(_ b: Bool) -> Int { Int(unsafeBitCast(b, to: UInt8.self)) }

    /// Summarises finite `values`; `nanCount` and `infCount` are the non-finite values the
    /// caller dropped (reported, excluded from every statistic). Works on single- or
    /// double-precision values (accumulating in double), so that the fast moments-only scan reads
    /// f32 tensors without a double-precision copy.
    /// - Parameter smallThreshold: |x| below this counts as "small" (default 10⁻⁶·σ when nil).
    public static func of<T: BinaryFloatingPoint & Sendable>(_ values: UnsafeBufferPointer<T>, nanCount: Int = 0, infCount: Int = 0,
                                                             smallThreshold: Double? = nil) throws(AnalysisError) -> MomentSummary {
        try summary(values, nanCount: nanCount, infCount: infCount, smallThreshold: smallThreshold, nilIfNotFinite: false)!
    }

    /// The summary of `values` when every one is finite, nil when one is NaN or ±∞ — told by the
    /// first pass itself (any of them makes the sum non-finite), so the moments-only scan needs
    /// no separate pass to check.
    static func ofIfFinite<T: BinaryFloatingPoint & Sendable>(_ values: UnsafeBufferPointer<T>) throws(AnalysisError) -> MomentSummary? {
        try summary(values, nanCount: 0, infCount: 0, smallThreshold: nil, nilIfNotFinite: true)
    }

    @_specialize(where T == Float)
    @_specialize(where T == Double)
    private static func summary<T: BinaryFloatingPoint & Sendable>(_ values: UnsafeBufferPointer<T>, nanCount: Int, infCount: Int,
                                                                    smallThreshold: Double?, nilIfNotFinite: Bool) throws(AnalysisError) -> MomentSummary? {
        let n = values.count
        guard n >= 8 else { throw .notEnoughData(n: n, needed: 8) }
        let x = ParallelLoop.Shared(buffer: values)
        let firsts = ParallelLoop.chunks(count: n) { r -> (Double, Double, Double) in
            var sum = 0.0, lo = Double.infinity, hi = -Double.infinity
            for i in r { let v = Double(x.buffer[i]); sum += v; lo = Swift.min(lo, v); hi = Swift.max(hi, v) }
            return (sum, lo, hi)
        }
        let nd = Double(n)
        let mean = firsts.reduce(0) { $0 + $1.0 } / nd
        if nilIfNotFinite, !mean.isFinite { return nil }
        let lo = firsts.map(\.1).min()!, hi = firsts.map(\.2).max()!
        guard lo < hi else { throw .constant(value: lo) }
        let seconds = ParallelLoop.chunks(count: n) { r -> (Double, Double, Double, Int, Int, Int) in
            var m2 = 0.0, m3 = 0.0, m4 = 0.0, zeros = 0, above = 0, below = 0
            for i in r {
                let v = Double(x.buffer[i]), d = v - mean, d2 = d * d
                m2 += d2; m3 += d2 * d; m4 += d2 * d2
                // Branch-free counts, so the loop stays vectorisable.
                zeros &+= Self.one(v == 0)
                above &+= Self.one(d > 0)
                below &+= Self.one(d < 0)
            }
            return (m2, m3, m4, zeros, above, below)
        }
        let m2 = seconds.reduce(0) { $0 + $1.0 } / nd
        let m3 = seconds.reduce(0) { $0 + $1.1 } / nd
        let m4 = seconds.reduce(0) { $0 + $1.2 } / nd
        let sd = m2.squareRoot()
        guard sd > 0 else { throw .constant(value: mean) }
        let threshold = smallThreshold ?? 1e-6 * sd
        let thirds = ParallelLoop.chunks(count: n) { r -> (Int, Int) in
            var tail = 0, small = 0
            for i in r {
                let v = Double(x.buffer[i])
                tail &+= Self.one(Swift.abs(v - mean) > 3 * sd)
                small &+= Self.one(Swift.abs(v) < threshold)
            }
            return (tail, small)
        }
        return assemble(count: n, nanCount: nanCount, infCount: infCount, mean: mean, m2: m2, m3: m3, m4: m4, min: lo, max: hi,
                        zeros: seconds.reduce(0) { $0 + $1.3 }, above: seconds.reduce(0) { $0 + $1.4 }, below: seconds.reduce(0) { $0 + $1.5 },
                        tail: thirds.reduce(0) { $0 + $1.0 }, small: thirds.reduce(0) { $0 + $1.1 }, smallThreshold: threshold)
    }

    /// The summary from the sums of one scan: the n finite values' mean, central moments
    /// m_k = Σ(x − mean)^k/n, extremes, and the counts of zeros, of values above and below the
    /// mean, beyond 3σ and below the small threshold (in magnitude). The intervals are those of the
    /// type's description.
    static func assemble(count n: Int, nanCount: Int, infCount: Int, mean: Double, m2: Double, m3: Double, m4: Double,
                         min lo: Double, max hi: Double, zeros: Int, above aboveCount: Int, below belowCount: Int,
                         tail tailCount: Int, small: Int, smallThreshold threshold: Double) -> MomentSummary {
        let nd = Double(n), sd = m2.squareRoot()
        let g1 = m3 / Foundation.pow(m2, 1.5)
        let g2 = m4 / (m2 * m2) - 3
        let ses = (6 * (nd - 2) / ((nd + 1) * (nd + 3))).squareRoot()
        let sek = (24 * nd * (nd - 2) * (nd - 3) / ((nd + 1) * (nd + 1) * (nd + 3) * (nd + 5))).squareRoot()
        let s1 = (m2 * nd / (nd - 1)).squareRoot()
        let seMean = s1 / nd.squareRoot()
        let t = SpecialFunctions.studentTQuantile(0.975, dof: nd - 1)
        let (stdLow, stdHigh) = stdInterval(s: s1, n: n)
        let stdEstimate = Estimate(value: sd, standardError: sd / (2 * (nd - 1)).squareRoot(), ciLow: stdLow, ciHigh: stdHigh)
        let tail = Double(tailCount) / nd
        let p0 = normalTail3Sigma
        let above = Double(aboveCount), below = Double(belowCount)
        return MomentSummary(
            count: n, nanCount: nanCount, infCount: infCount,
            mean: Estimate(value: mean, standardError: seMean, ciLow: mean - t * seMean, ciHigh: mean + t * seMean), std: stdEstimate,
            skewness: .normal(g1, se: ses), excessKurtosis: .normal(g2, se: sek),
            min: lo, max: hi,
            zeroFraction: Double(zeros) / nd,
            smallFraction: Double(small) / nd, smallThreshold: threshold,
            tail3Sigma: tail, tail3SigmaZ: (tail - p0) / (p0 * (1 - p0) / nd).squareRoot(),
            signZ: (above - below) / (above + below).squareRoot())
    }
}
