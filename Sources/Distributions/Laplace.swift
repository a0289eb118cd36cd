import Foundation
import GSLKit

/// The Laplace (double-exponential) law with location μ and scale b.
///
/// ```
/// p(x) = exp(−|x − μ|/b)/(2b)
/// F(x) = ½·exp((x − μ)/b) for x < μ,  1 − ½·exp(−(x − μ)/b) otherwise
/// mean μ, variance 2b², skewness 0, excess kurtosis 3
/// ```
public struct Laplace: Distribution, Equatable {
    public let mean: Double
    public let scale: Double

    public init(mean: Double = 0, scale: Double) throws(DistributionError) {
        try DrawRange.scale("scale", scale)
        try DrawRange.location("mean", mean)
        self.mean = mean
        self.scale = scale
    }

    public var description: String { "laplace(scale=\(scale)" + (mean == 0 ? ")" : ", mean=\(mean))") }
    public var moments: Moments { Moments(mean: mean, variance: 2 * scale * scale, skewness: 0, excessKurtosis: 3) }

    public func pdf(_ x: Double) -> Double { exp(-abs(x - mean) / scale) / (2 * scale) }
    public func logPDF(_ x: Double) -> Double { -abs(x - mean) / scale - log(2 * scale) }
    public func cdf(_ x: Double) -> Double {
        x < mean ? 0.5 * exp((x - mean) / scale) : 1 - 0.5 * exp(-(x - mean) / scale)
    }
    public func survival(_ x: Double) -> Double {
        x < mean ? 1 - 0.5 * exp((x - mean) / scale) : 0.5 * exp(-(x - mean) / scale)
    }
    public func quantile(_ p: Double) -> Double {
        p < 0.5 ? mean + scale * log(2 * p) : mean - scale * log(2 * (1 - p))
    }
    public func sample(using engine: RandomEngine) -> Double { mean + engine.laplace(scale) }
}
