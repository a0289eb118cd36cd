import Foundation
import GSLKit

/// The hypothesised optimal weights W*: zero-mean, symmetric and sparse, a truncated-Gaussian body
/// and a few outliers.
///
/// ```
/// X = 0                         with probability π0 (sparsity)
///   = ±M·σ (random sign)        with probability ε (outliers; M = m, or M ~ Uniform(lo, hi))
///   ~ N(0, σ²) on [−cσ, cσ]     otherwise (probability 1 − π0 − ε)
/// E[X²] = (1 − π0 − ε)·σ²·v(c) + ε·σ²·E[M²],   v(c) = 1 − 2cφ(c)/(2Φ(c) − 1)
/// E[X⁴] = (1 − π0 − ε)·σ⁴·(3 − 2(c³ + 3c)φ(c)/(2Φ(c) − 1)) + ε·σ⁴·E[M⁴]
/// mean 0, skewness 0, excess kurtosis E[X⁴]/E[X²]² − 3
/// ```
/// `pdf` is the density of the continuous part (truncated body, uniform outliers); the atoms at 0
/// and at ±mσ appear in `cdf` as jumps.
public struct OptimalWeights: Distribution, Equatable {
    public let sigma: Double
    public let c: Double
    /// π0, the probability of an exact zero.
    public let zeroProbability: Double
    /// ε, the probability of an outlier.
    public let outlierProbability: Double
    public let outlierMagnitude: OutlierMagnitude
    /// The non-zero body: N(0, σ²) truncated to ±cσ.
    public let nonZeroTruncated: TruncatedGaussian

    public init(sigma: Double, c: Double, sparsity: Double = 0, outliers: Double = 0,
                outlierMagnitude: OutlierMagnitude = .fixed(8)) throws(DistributionError) {
        guard sparsity >= 0, sparsity < 1 else { throw .invalidParameter("sparsity", "must be in [0, 1), got \(sparsity)") }
        guard outliers >= 0, outliers < 1 else { throw .invalidParameter("outliers", "must be in [0, 1), got \(outliers)") }
        guard sparsity + outliers < 1 else { throw .invalidParameter("outliers", "sparsity + outliers must be < 1, got \(sparsity + outliers)") }
        switch outlierMagnitude {
        case let .fixed(m): guard m > 0, m.isFinite else { throw .invalidParameter("outlier_scale", "must be finite and > 0, got \(m)") }
        case let .uniform(lo, hi): guard lo >= 0, hi > lo, hi.isFinite else { throw .invalidParameter("outlier_law", "uniform needs 0 ≤ lo < hi, got \(lo), \(hi)") }
        }
        nonZeroTruncated = try TruncatedGaussian.symmetric(sigma: sigma, c: c)
        self.sigma = sigma
        self.c = c
        zeroProbability = sparsity
        outlierProbability = outliers
        self.outlierMagnitude = outlierMagnitude
        if outliers > 0 {
            switch outlierMagnitude {
            case let .fixed(m): try DrawRange.checkTails(self, blame: "outlier_scale", magnitude: sigma * m)
            case let .uniform(_, hi): try DrawRange.checkTails(self, blame: "outlier_law", magnitude: sigma * hi)
            }
        }
    }

    /// Probability of the truncated body, 1 − π0 − ε.
    public var bodyProbability: Double { 1 - zeroProbability - outlierProbability }

    public var description: String {
        var s = "wstar(sigma=\(sigma), c=\(c), sparsity=\(zeroProbability), outliers=\(outlierProbability)"
        s += ", \(outlierMagnitude))"
        return s
    }

    public var moments: Moments {
        let m = nonZeroTruncated.standardizedRawMoments
        let s2 = sigma * sigma
        let m2 = bodyProbability * s2 * m[2] + outlierProbability * s2 * outlierMagnitude.rawMoment(2)
        let m4 = bodyProbability * s2 * s2 * m[4] + outlierProbability * s2 * s2 * outlierMagnitude.rawMoment(4)
        return .symmetric(m2: m2, m4: m4)
    }

    public func pdf(_ x: Double) -> Double {
        var p = bodyProbability * nonZeroTruncated.pdf(x)
        if case let .uniform(lo, hi) = outlierMagnitude {
            let t = abs(x) / sigma
            if t >= lo, t <= hi { p += outlierProbability / (2 * (hi - lo) * sigma) }
        }
        return p
    }

    public func cdf(_ x: Double) -> Double {
        var f = bodyProbability * nonZeroTruncated.cdf(x)
        if x >= 0 { f += zeroProbability }
        // Outliers: half at −Mσ, half at +Mσ. For x < 0, P(−Mσ ≤ x) = ½·P(M ≥ −x/σ).
        let t = x / sigma
        f += outlierProbability * (t < 0 ? 0.5 * (1 - magnitudeBelow(-t)) : 0.5 + 0.5 * outlierMagnitude.cdf(t))
        return min(max(f, 0), 1)
    }

    /// P(M < t), strict, so that F(−mσ) includes the atom at −mσ.
    private func magnitudeBelow(_ t: Double) -> Double {
        switch outlierMagnitude {
        case let .fixed(m): return t > m ? 1 : 0
        case .uniform: return outlierMagnitude.cdf(t)
        }
    }

    public func survival(_ x: Double) -> Double { 1 - cdf(x) }

    /// The smallest x with F(x) ≥ p, by bisection (jumps included).
    public func quantile(_ p: Double) -> Double {
        guard p > 0, p < 1 else { return p <= 0 ? -.infinity : .infinity }
        var hi: Double
        switch outlierMagnitude {
        case let .fixed(m): hi = max(m, c) * sigma
        case let .uniform(_, top): hi = max(top, c) * sigma
        }
        var lo = -hi
        if cdf(lo) >= p { return lo }
        for _ in 0..<200 {
            let mid = 0.5 * (lo + hi)
            if cdf(mid) >= p { hi = mid } else { lo = mid }
            if hi - lo <= 1e-15 * sigma { break }
        }
        // Snap to an atom when the answer lies on one.
        if abs(hi) < 1e-12 * sigma, cdf(0) >= p { return 0 }
        return hi
    }

    @inline(__always) private func outlier(using engine: RandomEngine) -> Double {
        let magnitude: Double
        switch outlierMagnitude {
        case let .fixed(m): magnitude = m
        case let .uniform(lo, hi): magnitude = engine.flat(lo, hi)
        }
        return engine.sign() * magnitude * sigma
    }

    public func sample(using engine: RandomEngine) -> Double {
        let u = engine.uniform()
        if u < outlierProbability { return outlier(using: engine) }
        if u < outlierProbability + zeroProbability { return 0 }
        return nonZeroTruncated.sample(using: engine)
    }

    /// The bulk sampler, in three passes so the hot loops have no unpredictable branches:
    /// ```
    /// 1. one uniform per element picks its component: outlier (u < ε), zero (u < ε + π0), body
    /// 2. the body values are drawn together by the truncated Gaussian's own bulk sampler
    /// 3. the elements are assembled in order (outlier magnitudes and signs drawn here)
    /// ```
    public func fill(_ buffer: UnsafeMutableBufferPointer<Float>, using engine: RandomEngine) {
        let n = buffer.count
        guard n > 0 else { return }
        let eps = outlierProbability, zeroEnd = outlierProbability + zeroProbability
        // Component codes: bit 0 = body, bit 1 = outlier (zero otherwise).
        let codes = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: n)
        defer { codes.deallocate() }
        var bodyCount = 0, outliers = 0
        for i in 0..<n {
            let u = engine.uniform()
            let isBody = Self.bit(u >= zeroEnd), isOutlier = Self.bit(u < eps)
            codes[i] = isBody | (isOutlier << 1)
            bodyCount &+= Int(isBody)
            outliers &+= Int(isOutlier)
        }
        // One spare slot, read (and multiplied by 0) when the last elements are not body values.
        let body = UnsafeMutableBufferPointer<Float>.allocate(capacity: bodyCount + 1)
        defer { body.deallocate() }
        body[bodyCount] = 0
        nonZeroTruncated.fill(UnsafeMutableBufferPointer(rebasing: body[0..<bodyCount]), using: engine)
        var j = 0
        for i in 0..<n {
            let isBody = codes[i] & 1
            buffer[i] = Float(isBody) * body[j]
            j &+= Int(isBody)
        }
        guard outliers > 0 else { return }
        for i in 0..<n where codes[i] & 2 != 0 { buffer[i] = Float(outlier(using: engine)) }
    }

    /// 1 for true, 0 for false, without a branch (a Bool is stored as the byte 0 or 1).
    @inline(__always) static func bit(_ b: Bool) -> UInt8 { unsafeBitCast(b, to: UInt8.self) }
}
