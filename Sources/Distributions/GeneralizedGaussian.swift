import Foundation
import GSLKit

/// The generalised Gaussian (exponential power) law with shape β and scale s, as scipy's
/// `gennorm` and GSL's `exppow` (a = s, b = β). β = 2 is N(0, s²/2), β = 1 the Laplace.
///
/// ```
/// p(x) = β/(2sΓ(1/β))·exp(−|x − μ|^β/s^β)
/// variance = s²Γ(3/β)/Γ(1/β),  kurtosis = Γ(5/β)Γ(1/β)/Γ(3/β)²  (β = 1.5 → 3.762, β = 0.5 → 25.2)
/// |X − μ|^β/s^β ~ Gamma(1/β, 1), which gives the quantile
/// ```
public struct GeneralizedGaussian: Distribution, Equatable {
    public let beta: Double
    public let scale: Double
    public let mean: Double

    /// The accepted shapes. Below 0.02 the draws, Gamma(1/β)^{1/β}·scale, exceed 10⁸⁵·scale;
    /// above 20 GSL's exppow sampler, which raises a uniform to the power β, starts to return
    /// exact zeros (measured: 6·10⁻⁴ of draws at β = 100, 47 % at β = 1000).
    public static let betaRange = 0.02...20.0

    public init(beta: Double, scale: Double, mean: Double = 0) throws(DistributionError) {
        guard beta >= GeneralizedGaussian.betaRange.lowerBound, beta <= GeneralizedGaussian.betaRange.upperBound else {
            throw .invalidParameter("beta", "must be in [0.02, 20], got \(beta) (below, draws overflow; above, GSL's sampler returns spurious zeros)")
        }
        try DrawRange.scale("scale", scale)
        try DrawRange.location("mean", mean)
        self.beta = beta
        self.scale = scale
        self.mean = mean
        try DrawRange.checkTails(self, blame: "beta")
    }

    public var description: String { "gennorm(beta=\(beta), scale=\(scale)" + (mean == 0 ? ")" : ", mean=\(mean))") }

    public var moments: Moments {
        let l1 = SpecialFunctions.lnGamma(1 / beta), l3 = SpecialFunctions.lnGamma(3 / beta), l5 = SpecialFunctions.lnGamma(5 / beta)
        return Moments(mean: mean, variance: scale * scale * exp(l3 - l1), skewness: 0, excessKurtosis: exp(l5 + l1 - 2 * l3) - 3)
    }

    private var logNormalizer: Double { log(beta) - log(2 * scale) - SpecialFunctions.lnGamma(1 / beta) }

    public func pdf(_ x: Double) -> Double { exp(logPDF(x)) }
    public func logPDF(_ x: Double) -> Double { logNormalizer - pow(abs(x - mean) / scale, beta) }
    public func cdf(_ x: Double) -> Double { SpecialFunctions.exponentialPowerCDF(x - mean, scale: scale, shape: beta) }
    public func survival(_ x: Double) -> Double { SpecialFunctions.exponentialPowerSF(x - mean, scale: scale, shape: beta) }
    public func quantile(_ p: Double) -> Double {
        guard p > 0 else { return -.infinity }
        guard p < 1 else { return .infinity }
        let q = abs(2 * p - 1)
        let g = SpecialFunctions.gammaQuantile(q, shape: 1 / beta, scale: 1)
        let r = scale * pow(g, 1 / beta)
        return p < 0.5 ? mean - r : mean + r
    }
    public func sample(using engine: RandomEngine) -> Double { mean + engine.exponentialPower(scale: scale, shape: beta) }
}
