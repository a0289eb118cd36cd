import Foundation
import GSLKit

/// Student's t law with ν degrees of freedom, location μ and scale s.
///
/// ```
/// X = μ + s·T,  T ~ t(ν)
/// variance = s²ν/(ν − 2) for ν > 2 (∞ for 1 < ν ≤ 2, undefined for ν ≤ 1)
/// excess kurtosis = 6/(ν − 4) for ν > 4 (∞ for 2 < ν ≤ 4)
/// ```
/// Moments that do not exist are reported as +∞ (diverging) or NaN (undefined).
public struct StudentT: Distribution, Equatable {
    public let nu: Double
    public let scale: Double
    public let mean: Double

    public init(nu: Double, scale: Double = 1, mean: Double = 0) throws(DistributionError) {
        guard nu >= 0.1, !nu.isNaN else {
            throw .invalidParameter("nu", "must be ≥ 0.1, got \(nu): below, the tails are so heavy that draws overflow (GSL's t quantile fails)")
        }
        try DrawRange.scale("scale", scale)
        try DrawRange.location("mean", mean)
        self.nu = nu
        self.scale = scale
        self.mean = mean
        try DrawRange.checkTails(self, blame: "nu")
    }

    public var description: String {
        "studentt(nu=\(nu)" + (scale == 1 ? "" : ", scale=\(scale)") + (mean == 0 ? ")" : ", mean=\(mean))")
    }

    public var moments: Moments {
        let variance: Double = nu > 2 ? scale * scale * nu / (nu - 2) : (nu > 1 ? .infinity : .nan)
        let skew: Double = nu > 3 ? 0 : .nan
        let kurt: Double = nu > 4 ? 6 / (nu - 4) : (nu > 2 ? .infinity : .nan)
        return Moments(mean: nu > 1 ? mean : .nan, variance: variance, skewness: skew, excessKurtosis: kurt)
    }

    public func pdf(_ x: Double) -> Double { SpecialFunctions.studentTPDF((x - mean) / scale, dof: nu) / scale }
    public func cdf(_ x: Double) -> Double { SpecialFunctions.studentTCDF((x - mean) / scale, dof: nu) }
    public func survival(_ x: Double) -> Double { SpecialFunctions.studentTSF((x - mean) / scale, dof: nu) }
    public func quantile(_ p: Double) -> Double { mean + scale * SpecialFunctions.studentTQuantile(p, dof: nu) }
    public func sample(using engine: RandomEngine) -> Double { mean + scale * engine.studentT(nu) }
}
