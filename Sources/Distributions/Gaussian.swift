import Foundation
import GSLKit

/// The normal law N(μ, σ²), sampled by GSL's ziggurat.
///
/// ```
/// p(x) = exp(−(x − μ)²/(2σ²)) / (σ√(2π)),   F(x) = Φ((x − μ)/σ)
/// mean μ, variance σ², skewness 0, excess kurtosis 0
/// ```
public struct Gaussian: Distribution, Equatable {
    public let mean: Double
    public let sigma: Double

    /// - Throws: ``DistributionError/invalidParameter(_:_:)`` unless σ and μ are in ``DrawRange``.
    public init(mean: Double = 0, sigma: Double = 1) throws(DistributionError) {
        try DrawRange.scale("sigma", sigma)
        try DrawRange.location("mean", mean)
        self.mean = mean
        self.sigma = sigma
    }

    public var description: String { "gaussian(sigma=\(sigma)" + (mean == 0 ? ")" : ", mean=\(mean))") }
    public var moments: Moments { Moments(mean: mean, variance: sigma * sigma, skewness: 0, excessKurtosis: 0) }

    public func pdf(_ x: Double) -> Double { SpecialFunctions.normalPDF((x - mean) / sigma) / sigma }
    public func logPDF(_ x: Double) -> Double {
        let z = (x - mean) / sigma
        return -0.5 * z * z - log(sigma) - 0.5 * log(2 * Double.pi)
    }
    public func cdf(_ x: Double) -> Double { SpecialFunctions.normalCDF((x - mean) / sigma) }
    public func survival(_ x: Double) -> Double { SpecialFunctions.normalSF((x - mean) / sigma) }
    public func quantile(_ p: Double) -> Double { mean + sigma * SpecialFunctions.normalQuantile(p) }

    @inlinable public func sample(using engine: RandomEngine) -> Double { mean + engine.gaussian(sigma) }

    public func fill(_ buffer: UnsafeMutableBufferPointer<Float>, using engine: RandomEngine) {
        for i in buffer.indices { buffer[i] = Float(mean + engine.gaussian(sigma)) }
    }
}
