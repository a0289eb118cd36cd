import Foundation
import GSLKit

/// The Marchenko–Pastur law of the eigenvalues of (1/n)·W·Wᵀ for an m×n matrix W with i.i.d.
/// entries of variance σ², aspect ratio q = m/n ∈ (0, 1].
///
/// ```
/// λ± = σ²(1 ± √q)²
/// p(λ) = √((λ+ − λ)(λ − λ−)) / (2π·σ²·q·λ)   on [λ−, λ+]
/// mean σ², variance σ⁴q
/// ```
public struct MarchenkoPastur: Distribution, Equatable {
    public let ratio: Double
    public let sigma2: Double

    public init(ratio q: Double, sigma2: Double) throws(DistributionError) {
        guard q > 0, q <= 1 else { throw .invalidParameter("ratio", "must be in (0, 1], got \(q)") }
        guard sigma2 > 0, sigma2.isFinite else { throw .invalidParameter("sigma2", "must be finite and > 0, got \(sigma2)") }
        ratio = q
        self.sigma2 = sigma2
    }

    public var lambdaMinus: Double { sigma2 * pow(1 - ratio.squareRoot(), 2) }
    public var lambdaPlus: Double { sigma2 * pow(1 + ratio.squareRoot(), 2) }

    public var description: String { "marchenko_pastur(ratio=\(ratio), sigma2=\(sigma2))" }

    public var moments: Moments {
        // Raw moments of MP: E[λ] = σ², E[λ²] = σ⁴(1 + q), E[λ³] = σ⁶(1 + 3q + q²), E[λ⁴] = σ⁸(1 + 6q + 6q² + q³).
        let q = ratio, s = sigma2
        let m1 = s, m2 = s * s * (1 + q), m3 = s * s * s * (1 + 3 * q + q * q), m4 = s * s * s * s * (1 + 6 * q + 6 * q * q + q * q * q)
        let v = m2 - m1 * m1
        let mu3 = m3 - 3 * m1 * m2 + 2 * m1 * m1 * m1
        let mu4 = m4 - 4 * m1 * m3 + 6 * m1 * m1 * m2 - 3 * m1 * m1 * m1 * m1
        return Moments(mean: m1, variance: v, skewness: mu3 / pow(v, 1.5), excessKurtosis: mu4 / (v * v) - 3)
    }

    public func pdf(_ x: Double) -> Double {
        guard x > lambdaMinus, x < lambdaPlus else { return 0 }
        return ((lambdaPlus - x) * (x - lambdaMinus)).squareRoot() / (2 * .pi * sigma2 * ratio * x)
    }

    /// F(x) in closed form through the substitution λ = a + b·cos θ … computed by quadrature of
    /// the density, which is smooth inside the support (square-root edges are integrable).
    public func cdf(_ x: Double) -> Double {
        if x <= lambdaMinus { return 0 }
        if x >= lambdaPlus { return 1 }
        let value = (try? Quadrature.integrate(lambdaMinus, x, absoluteTolerance: 1e-12, relativeTolerance: 1e-10) { self.pdf($0) }) ?? .nan
        return min(max(value, 0), 1)
    }

    public func quantile(_ p: Double) -> Double {
        guard p > 0 else { return lambdaMinus }
        guard p < 1 else { return lambdaPlus }
        return (try? Minimizer.root(lower: lambdaMinus, upper: lambdaPlus, tolerance: 1e-12 * sigma2) { self.cdf($0) - p }) ?? .nan
    }

    /// Draws by inversion (slow; used only for checks).
    public func sample(using engine: RandomEngine) -> Double { quantile(engine.uniformPositive()) }
}
