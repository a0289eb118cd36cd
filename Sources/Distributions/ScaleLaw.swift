import Foundation
import GSLKit

/// The law of the random scale S > 0 in a scale mixture X = σ·S·G.
///
/// ```
/// twoPoint(s₁, s₂, p):  S = s₁ w.p. p, s₂ otherwise;   E[Sᵏ] = p·s₁ᵏ + (1 − p)·s₂ᵏ
/// uniform(lo, hi):      E[Sᵏ] = (hiᵏ⁺¹ − loᵏ⁺¹)/((k + 1)(hi − lo))
/// lognormal(μ, s):      E[Sᵏ] = exp(kμ + k²s²/2)
/// gamma(k, θ):          E[Sⁿ] = θⁿ·Γ(k + n)/Γ(k)
/// ```
public enum ScaleLaw: Sendable, Equatable, CustomStringConvertible {
    case twoPoint(s1: Double, s2: Double, p: Double)
    case uniform(lo: Double, hi: Double)
    case lognormal(mu: Double, sigma: Double)
    case gamma(shape: Double, scale: Double)

    /// Checks the parameters.
    public func validated() throws(DistributionError) -> ScaleLaw {
        switch self {
        case let .twoPoint(s1, s2, p):
            guard s1 > 0, s2 > 0, s1.isFinite, s2.isFinite else { throw .invalidParameter("twopoint", "scales must be finite and > 0, got \(s1), \(s2)") }
            guard p >= 0, p <= 1 else { throw .invalidParameter("twopoint", "p must be in [0, 1], got \(p)") }
        case let .uniform(lo, hi):
            guard lo > 0, hi > lo, hi.isFinite else { throw .invalidParameter("uniform", "needs 0 < lo < hi < ∞, got \(lo), \(hi)") }
        case let .lognormal(mu, sigma):
            guard mu.isFinite, sigma > 0, sigma < 10 else { throw .invalidParameter("lognormal", "needs finite mu and 0 < sigma < 10, got \(mu), \(sigma)") }
        case let .gamma(shape, scale):
            // Beyond shape 10⁴ the scale is constant to 1 % (CV = 1/√k), and GSL's gamma quantile,
            // which the mixture's moments integrate over, slows down steeply (minutes at 10⁶).
            guard shape > 0, shape <= 1e4, scale > 0, scale.isFinite else {
                throw .invalidParameter("gamma", "needs 0 < shape ≤ 1e4 and finite scale > 0, got \(shape), \(scale)")
            }
        }
        return self
    }

    public var description: String {
        switch self {
        case let .twoPoint(s1, s2, p): return "twopoint(\(s1), \(s2), \(p))"
        case let .uniform(lo, hi): return "uniform(\(lo), \(hi))"
        case let .lognormal(mu, sigma): return "lognormal(\(mu), \(sigma))"
        case let .gamma(shape, scale): return "gamma(\(shape), \(scale))"
        }
    }

    /// E[Sᵏ].
    public func rawMoment(_ k: Int) -> Double {
        let kd = Double(k)
        switch self {
        case let .twoPoint(s1, s2, p): return p * pow(s1, kd) + (1 - p) * pow(s2, kd)
        case let .uniform(lo, hi): return (pow(hi, kd + 1) - pow(lo, kd + 1)) / ((kd + 1) * (hi - lo))
        case let .lognormal(mu, sigma): return exp(kd * mu + kd * kd * sigma * sigma / 2)
        case let .gamma(shape, scale): return pow(scale, kd) * exp(SpecialFunctions.lnGamma(shape + kd) - SpecialFunctions.lnGamma(shape))
        }
    }

    /// The p-quantile of S (for quadrature over the mixing law).
    public func quantile(_ p: Double) -> Double {
        switch self {
        case let .twoPoint(s1, s2, q):
            let (small, large, pSmall) = s1 <= s2 ? (s1, s2, q) : (s2, s1, 1 - q)
            return p <= pSmall ? small : large
        case let .uniform(lo, hi): return lo + (hi - lo) * p
        case let .lognormal(mu, sigma): return exp(mu + sigma * SpecialFunctions.normalQuantile(p))
        case let .gamma(shape, scale): return SpecialFunctions.gammaQuantile(p, shape: shape, scale: scale)
        }
    }

    /// One draw of S.
    @inlinable public func sample(using engine: RandomEngine) -> Double {
        switch self {
        case let .twoPoint(s1, s2, p): return engine.uniform() < p ? s1 : s2
        case let .uniform(lo, hi): return engine.flat(lo, hi)
        case let .lognormal(mu, sigma): return engine.lognormal(zeta: mu, sigma: sigma)
        case let .gamma(shape, scale): return engine.gamma(shape: shape, scale: scale)
        }
    }

    /// E[g(S)] by quadrature over the quantile function (exact sum for two points).
    func expectation(_ g: @escaping (Double) -> Double) -> Double {
        if case let .twoPoint(s1, s2, p) = self { return p * g(s1) + (1 - p) * g(s2) }
        return (try? Quadrature.integrate(0, 1, absoluteTolerance: 1e-13, relativeTolerance: 1e-9) { g(self.quantile($0)) }) ?? .nan
    }
}
