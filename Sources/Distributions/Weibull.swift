import Foundation
import GSLKit

/// The Weibull law of shape k and scale λ on [0, ∞), used for |w| (the probability-plot
/// diagnostic of the analyzer, `Analysis.WeibullFit`).
///
/// ```
/// F(x) = 1 − exp(−(x/λ)^k),  p(x) = (k/λ)(x/λ)^{k−1}·exp(−(x/λ)^k)
/// E[Xⁿ] = λⁿΓ(1 + n/k),  median = λ(ln 2)^{1/k}
/// ```
public struct Weibull: Distribution, Equatable {
    public let k: Double
    public let lambda: Double

    public init(k: Double, lambda: Double) throws(DistributionError) {
        guard k > 0, k.isFinite else { throw .invalidParameter("k", "must be finite and > 0, got \(k)") }
        try DrawRange.scale("lambda", lambda)
        self.k = k
        self.lambda = lambda
        try DrawRange.checkTails(self, blame: "k")
    }

    public var description: String { "weibull(k=\(k), lambda=\(lambda))" }

    /// E[Xⁿ] = λⁿΓ(1 + n/k).
    public func rawMoment(_ n: Int) -> Double { pow(lambda, Double(n)) * exp(SpecialFunctions.lnGamma(1 + Double(n) / k)) }

    public var moments: Moments {
        let m1 = rawMoment(1), m2 = rawMoment(2), m3 = rawMoment(3), m4 = rawMoment(4)
        let v = m2 - m1 * m1
        let mu3 = m3 - 3 * m1 * m2 + 2 * m1 * m1 * m1
        let mu4 = m4 - 4 * m1 * m3 + 6 * m1 * m1 * m2 - 3 * m1 * m1 * m1 * m1
        return Moments(mean: m1, variance: v, skewness: mu3 / pow(v, 1.5), excessKurtosis: mu4 / (v * v) - 3)
    }

    public func pdf(_ x: Double) -> Double {
        guard x >= 0 else { return 0 }
        let z = x / lambda
        return k / lambda * pow(z, k - 1) * exp(-pow(z, k))
    }
    public func cdf(_ x: Double) -> Double { x <= 0 ? 0 : -expm1(-pow(x / lambda, k)) }
    public func survival(_ x: Double) -> Double { x <= 0 ? 1 : exp(-pow(x / lambda, k)) }
    public func quantile(_ p: Double) -> Double { lambda * pow(-log1p(-p), 1 / k) }
    public func sample(using engine: RandomEngine) -> Double { lambda * pow(-log(engine.uniformPositive()), 1 / k) }
}
