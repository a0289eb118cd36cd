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

    public func fill(_ buffer: UnsafeMutableBufferPointer<Float>, using engine: RandomEngine) { fillAny(buffer, using: engine) }

    public func fill(_ buffer: UnsafeMutableBufferPointer<Double>, using engine: RandomEngine) { fillAny(buffer, using: engine) }

    /// The bulk sampler (either precision, the same draws: f32 output is the f64 output rounded),
    /// in three passes whose hot loops have no unpredictable branch:
    /// ```
    /// 1. components: each raw output gives its random bytes b (four for 32-bit generators), one
    ///    per element, read as u = (b + f)/256 against ε and ε + π0, where f is a fresh uniform
    ///    drawn only when b is a byte holding a threshold (probability ≤ 2/256):
    ///    outlier if u < ε, zero if u < ε + π0, body otherwise
    ///    (generators without whole random bytes, i.e. mrg, draw u = uniform() per element)
    /// 2. the body values, drawn together by the truncated Gaussian's bulk sampler into the
    ///    tail of the buffer
    /// 3. assembly in place, front to back (a body value is read at or after the slot written);
    ///    outliers take their magnitude and sign from the engine, in index order
    /// ```
    /// With π0 = ε = 0 the law is the truncated body alone and pass 1 draws nothing.
    @inline(__always) func fillAny<T: BinaryFloatingPoint>(_ buffer: UnsafeMutableBufferPointer<T>, using engine: RandomEngine) {
        let n = buffer.count
        guard n > 0 else { return }
        let eps = outlierProbability, zeroEnd = outlierProbability + zeroProbability
        guard zeroEnd > 0 else { nonZeroTruncated.fillAny(buffer, using: engine); return }
        // Component codes: bit 0 = body, bit 1 = outlier (zero otherwise).
        let codes = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: n)
        defer { codes.deallocate() }
        // The bytes holding a threshold; 256 (never a byte) when the threshold is a whole byte.
        let e256 = eps * 256, z256 = zeroEnd * 256
        let eCut = Int(e256.rounded(.down)), zCut = Int(z256.rounded(.down))
        let eEdge = Double(eCut) == e256 ? 256 : eCut, zEdge = Double(zCut) == z256 ? 256 : zCut
        var bodyCount = 0, outliers = 0
        @inline(__always) func record(_ i: Int, _ isBody: UInt8, _ isOutlier: UInt8) {
            codes[i] = isBody | (isOutlier << 1)
            bodyCount &+= Int(isBody)
            outliers &+= Int(isOutlier)
        }
        let bytesPerOutput = engine.uniformBits / 8
        if bytesPerOutput == 0 {
            // A generator without whole random bytes (mrg): one uniform per element.
            for i in 0..<n {
                let u = engine.uniform()
                record(i, Self.bit(u >= zeroEnd), Self.bit(u < eps))
            }
        } else {
            var i = 0
            while i < n {
                var word = engine.nextBits()
                for _ in 0..<min(bytesPerOutput, n - i) {
                    let b = Int(word & 0xFF)
                    word >>= 8
                    if b == eEdge || b == zEdge {
                        let u = (Double(b) + engine.uniform()) * 0x1p-8
                        record(i, Self.bit(u >= zeroEnd), Self.bit(u < eps))
                    } else {
                        record(i, Self.bit(b >= zCut), Self.bit(b < eCut))
                    }
                    i &+= 1
                }
            }
        }
        let base = n - bodyCount
        nonZeroTruncated.fillAny(UnsafeMutableBufferPointer(rebasing: buffer[base..<n]), using: engine)
        var j = base
        for i in 0..<n {
            let isBody = codes[i] & 1
            // Branch-free: 0·v is −0 for a negative v, and −0 + 0 = +0, so zeros are always +0.
            buffer[i] = T(Int(isBody)) * buffer[min(j, n &- 1)] + 0
            j &+= Int(isBody)
            if outliers > 0, codes[i] & 2 != 0 { buffer[i] = T(outlier(using: engine)) }
        }
    }

    /// 1 for true, 0 for false, without a branch (a Bool is stored as the byte 0 or 1).
    @inline(__always) static func bit(_ b: Bool) -> UInt8 { unsafeBitCast(b, to: UInt8.self) }
}
