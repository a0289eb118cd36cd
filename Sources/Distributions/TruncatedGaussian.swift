import Foundation
import GSLKit

/// N(μ, σ²) restricted to [μ + aσ, μ + bσ]; a and b are standardised bounds (−∞ and +∞ allowed).
///
/// With Z = Φ(b) − Φ(a), the standardised raw moments follow the recursion
/// ```
/// m₀ = 1,  m₁ = (φ(a) − φ(b))/Z,  m_k = (k − 1)·m_{k−2} + (a^{k−1}φ(a) − b^{k−1}φ(b))/Z
/// ```
/// so that, symmetric (a = −c, b = c): E[X²] = σ²(1 − 2cφ(c)/Z), E[X⁴] = σ⁴(3 − 2(c³ + 3c)φ(c)/Z).
///
/// Sampling never takes the inverse-CDF path; it picks a rejection sampler by window:
/// - kept mass Z ≥ 0.3 (e.g. ±1σ, ±2σ, [−1, 3]): draw N(0,1) by ziggurat, keep if inside (acceptance Z);
/// - narrow window containing 0: uniform proposal, accept with exp(−x²/2) (acceptance ≥ 0.74);
/// - window inside one tail, holding at least half the tail mass beyond its near edge: Robert (1995)
///   exponential proposal x = a + E/α with α = (a + √(a² + 4))/2, accept with exp(−(x − α)²/2),
///   reject x > b (acceptance ≥ 0.38 in the worst case, ≈ 1 far in the tail);
/// - any other tail window (narrow relative to 1/a): uniform proposal on [a, b], accept with
///   exp((a² − x²)/2) (acceptance ≥ ~0.6 because the window is shorter than the tail's scale).
/// Windows left of 0 are sampled as their mirror image.
public struct TruncatedGaussian: Distribution, Equatable {
    public let mean: Double
    public let sigma: Double
    /// Standardised lower bound.
    public let lower: Double
    /// Standardised upper bound.
    public let upper: Double
    /// Kept mass Z = Φ(b) − Φ(a).
    public let keptMass: Double

    public init(mean: Double = 0, sigma: Double, lower a: Double, upper b: Double) throws(DistributionError) {
        try DrawRange.scale("sigma", sigma)
        try DrawRange.location("mean", mean)
        guard !a.isNaN, !b.isNaN, a < b else { throw .invalidParameter("a", "must be below b; the window [a, b] = [\(a), \(b)] is empty") }
        let z = TruncatedGaussian.mass(a, b)
        guard z > 1e-300 else { throw .invalidParameter("a", "gives a window [a, b] = [\(a), \(b)] that holds no probability mass (Z = \(z))") }
        self.mean = mean
        self.sigma = sigma
        self.lower = a
        self.upper = b
        self.keptMass = z
    }

    /// The symmetric window [−cσ, cσ] around the mean.
    public static func symmetric(mean: Double = 0, sigma: Double, c: Double) throws(DistributionError) -> TruncatedGaussian {
        guard c > 0, !c.isNaN else { throw .invalidParameter("c", "must be > 0, got \(c)") }
        return try TruncatedGaussian(mean: mean, sigma: sigma, lower: -c, upper: c)
    }

    /// Φ(b) − Φ(a) computed on the side where it does not cancel.
    static func mass(_ a: Double, _ b: Double) -> Double {
        if a > 0 { return SpecialFunctions.normalSF(a) - SpecialFunctions.normalSF(b) }
        return SpecialFunctions.normalCDF(b) - SpecialFunctions.normalCDF(a)
    }

    public var description: String {
        if lower == -upper { return "truncated(sigma=\(sigma), c=\(upper)" + (mean == 0 ? ")" : ", mean=\(mean))") }
        return "truncated(sigma=\(sigma), a=\(lower), b=\(upper)" + (mean == 0 ? ")" : ", mean=\(mean))")
    }

    /// Raw moments m₀…m₄ of the standardised truncated normal.
    public var standardizedRawMoments: [Double] {
        func term(_ x: Double, _ k: Int) -> Double {
            guard x.isFinite else { return 0 }
            return (k == 0 ? 1 : Foundation.pow(x, Double(k))) * SpecialFunctions.normalPDF(x)
        }
        var m = [1.0, (term(lower, 0) - term(upper, 0)) / keptMass]
        for k in 2...4 {
            m.append(Double(k - 1) * m[k - 2] + (term(lower, k - 1) - term(upper, k - 1)) / keptMass)
        }
        return m
    }

    public var moments: Moments {
        let m = standardizedRawMoments
        let mu = m[1]
        let variance = max(m[2] - mu * mu, 0)
        let mu3 = m[3] - 3 * mu * m[2] + 2 * mu * mu * mu
        let mu4 = m[4] - 4 * mu * m[3] + 6 * mu * mu * m[2] - 3 * mu * mu * mu * mu
        return Moments(mean: mean + sigma * mu, variance: sigma * sigma * variance,
                       skewness: mu3 / Foundation.pow(variance, 1.5), excessKurtosis: mu4 / (variance * variance) - 3)
    }

    public func pdf(_ x: Double) -> Double {
        let z = (x - mean) / sigma
        guard z >= lower, z <= upper else { return 0 }
        return SpecialFunctions.normalPDF(z) / (sigma * keptMass)
    }

    public func logPDF(_ x: Double) -> Double {
        let z = (x - mean) / sigma
        guard z >= lower, z <= upper else { return -.infinity }
        return -0.5 * z * z - 0.5 * Foundation.log(2 * .pi) - Foundation.log(sigma * keptMass)
    }

    public func cdf(_ x: Double) -> Double {
        let z = (x - mean) / sigma
        if z <= lower { return 0 }
        if z >= upper { return 1 }
        return min(1, TruncatedGaussian.mass(lower, z) / keptMass)
    }

    public func survival(_ x: Double) -> Double {
        let z = (x - mean) / sigma
        if z <= lower { return 1 }
        if z >= upper { return 0 }
        return min(1, TruncatedGaussian.mass(z, upper) / keptMass)
    }

    public func quantile(_ p: Double) -> Double {
        guard p > 0 else { return mean + sigma * lower }
        guard p < 1 else { return mean + sigma * upper }
        let z: Double
        if lower > 0 {
            // Work with upper-tail probabilities to keep precision far in the right tail.
            let q = SpecialFunctions.normalSF(lower) - p * keptMass
            z = SpecialFunctions.normalSFInverse(q)
        } else {
            z = SpecialFunctions.normalQuantile(SpecialFunctions.normalCDF(lower) + p * keptMass)
        }
        return mean + sigma * min(max(z, lower), upper)
    }

    // MARK: Sampling

    enum Regime: Equatable {
        case normalRejection
        case uniformCentral
        case exponentialTail
        case uniformTail
    }

    /// The sampler for the (mirrored) window; see the type's documentation.
    var regime: Regime {
        let (a, b) = lower >= -upper ? (lower, upper) : (-upper, -lower)  // mirror so the window leans right
        if keptMass >= 0.3 { return .normalRejection }
        if a <= 0 { return .uniformCentral }
        let tail = SpecialFunctions.normalSF(a)
        _ = b
        return keptMass / tail >= 0.5 ? .exponentialTail : .uniformTail
    }

    /// One standardised draw in [lower, upper].
    @inline(__always) func standardDraw(using engine: RandomEngine, regime: Regime) -> Double {
        let mirrored = lower < -upper
        let a = mirrored ? -upper : lower
        let b = mirrored ? -lower : upper
        var z: Double
        switch regime {
        case .normalRejection:
            repeat { z = engine.gaussian() } while z < lower || z > upper
            return z
        case .uniformCentral:
            repeat {
                z = a + (b - a) * engine.uniform()
            } while engine.uniform() > Foundation.exp(-0.5 * z * z)
        case .exponentialTail:
            let alpha = 0.5 * (a + (a * a + 4).squareRoot())
            repeat {
                z = a - Foundation.log(engine.uniformPositive()) / alpha
            } while z > b || engine.uniform() > Foundation.exp(-0.5 * (z - alpha) * (z - alpha))
        case .uniformTail:
            repeat {
                z = a + (b - a) * engine.uniform()
            } while engine.uniform() > Foundation.exp(0.5 * (a * a - z * z))
        }
        return mirrored ? -z : z
    }

    public func sample(using engine: RandomEngine) -> Double {
        mean + sigma * standardDraw(using: engine, regime: regime)
    }

    public func fill(_ buffer: UnsafeMutableBufferPointer<Float>, using engine: RandomEngine) { fillAny(buffer, using: engine) }

    public func fill(_ buffer: UnsafeMutableBufferPointer<Double>, using engine: RandomEngine) { fillAny(buffer, using: engine) }

    /// The bulk sampler in either precision: the draws are the same, and each value is
    /// `T(μ + σ·z)` computed in double precision, so the f32 output is the f64 output rounded.
    ///
    /// For the normal-rejection regime the loop has no data-dependent branch: each round draws
    /// exactly as many normals as values are missing and writes every draw at the next free slot,
    /// advancing only past accepted ones, so rejections cost no mispredicted branch. The values
    /// and the number of engine draws equal those of the one-at-a-time rejection loop.
    @inline(__always) func fillAny<T: BinaryFloatingPoint>(_ buffer: UnsafeMutableBufferPointer<T>, using engine: RandomEngine) {
        let r = regime
        let m = mean, s = sigma
        guard r == .normalRejection else {
            for i in buffer.indices { buffer[i] = T(m + s * standardDraw(using: engine, regime: r)) }
            return
        }
        let lo = lower, hi = upper
        var filled = 0
        while filled < buffer.count {
            let missing = buffer.count - filled
            var k = filled
            for _ in 0..<missing {
                let z = engine.gaussian()
                buffer[k] = T(m + s * z)
                k &+= Int(Self.bit(z >= lo) & Self.bit(z <= hi))
            }
            filled = k
        }
    }

    /// 1 for true, 0 for false, without a branch (a Bool is stored as the byte 0 or 1).
    @inline(__always) static func bit(_ b: Bool) -> UInt8 { unsafeBitCast(b, to: UInt8.self) }
}
