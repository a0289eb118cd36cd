import Foundation
import GSLKit

/// A Gaussian scale mixture X = σ·S·G with G ~ N(0, 1) independent of S > 0.
///
/// ```
/// Var X = σ²E[S²],  kurtosis = 3·E[S⁴]/E[S²]² ≥ 3  (= 3 only for a constant S)
/// p(x) = E_S[φ(x/(σS))/(σS)],  F(x) = E_S[Φ(x/(σS))]
/// ```
/// The marginal law (pdf, cdf, `sample`) is the same for every ``grouping``; the grouping only
/// says which elements of a tensor share S when a tensor is filled (see `Sampling.TensorSampler`).
public struct ScaleMixture: Distribution, Equatable {
    public let scale: ScaleLaw
    public let grouping: ScaleGrouping
    /// The multiplier σ.
    public let sigma: Double

    public init(scale: ScaleLaw, grouping: ScaleGrouping = .element, sigma: Double = 1) throws(DistributionError) {
        try DrawRange.scale("sigma", sigma)
        if case let .block(r, c) = grouping, r < 1 || c < 1 { throw .invalidParameter("block", "needs positive sides, got \(r)x\(c)") }
        self.scale = try scale.validated()
        self.grouping = grouping
        self.sigma = sigma
        // |X| = σ·S·|G| exceeds σ·S(1 − 10⁻¹⁵)·z with probability ≤ 2·10⁻¹⁵, z = Q⁻¹(10⁻¹⁵/2).
        let z = SpecialFunctions.normalSFInverse(DrawRange.tailProbability / 2)
        try DrawRange.checkTails(self, blame: "scale", magnitude: sigma * scale.quantile(1 - DrawRange.tailProbability) * z)
    }

    public var description: String {
        "mixture(scale=\(scale), by=\(grouping)" + (sigma == 1 ? ")" : ", sigma=\(sigma))")
    }

    public var moments: Moments {
        let m2 = scale.rawMoment(2), m4 = scale.rawMoment(4)
        return Moments(mean: 0, variance: sigma * sigma * m2, skewness: 0, excessKurtosis: 3 * m4 / (m2 * m2) - 3)
    }

    /// Kurtosis 3·mean(σ⁴)/mean(σ²)² of the pooled values of layers that are each N(0, σ_l²) with
    /// equal sizes.
    public static func pooledKurtosis(sigmas: [Double]) -> Double {
        let n = Double(sigmas.count)
        let m2 = sigmas.reduce(0) { $0 + $1 * $1 } / n
        let m4 = sigmas.reduce(0) { $0 + $1 * $1 * $1 * $1 } / n
        return 3 * m4 / (m2 * m2)
    }

    public func pdf(_ x: Double) -> Double {
        let s = sigma
        return scale.expectation { v in SpecialFunctions.normalPDF(x / (s * v)) / (s * v) }
    }

    public func cdf(_ x: Double) -> Double {
        let s = sigma
        return scale.expectation { v in SpecialFunctions.normalCDF(x / (s * v)) }
    }

    public func survival(_ x: Double) -> Double { cdf(-x) }

    public func quantile(_ p: Double) -> Double {
        guard p > 0, p < 1 else { return p <= 0 ? -.infinity : .infinity }
        if p == 0.5 { return 0 }
        var hi = sigma * scale.quantile(0.999_999) * 10
        while cdf(hi) < p, hi < 1e300 { hi *= 2 }
        var lo = -hi
        while cdf(lo) > p, lo > -1e300 { lo *= 2 }
        return (try? Minimizer.root(lower: lo, upper: hi, tolerance: 1e-13 * sigma) { self.cdf($0) - p }) ?? .nan
    }

    @inlinable public func sample(using engine: RandomEngine) -> Double {
        sigma * scale.sample(using: engine) * engine.gaussian()
    }
}
