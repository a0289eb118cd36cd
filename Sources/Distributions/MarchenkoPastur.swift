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

    /// F(x) = F₁(x/σ², q), the σ² = 1 law's CDF below.
    public func cdf(_ x: Double) -> Double { Self.standardCDF(x / sigma2, q: ratio) }

    /// Q(p) = σ²·Q₁(p, q).
    public func quantile(_ p: Double) -> Double { sigma2 * Self.standardQuantile(p, q: ratio) }

    /// The CDF for σ² = 1 in closed form, fast enough to evaluate at every eigenvalue. With
    /// a = (1 − √q)², b = (1 + √q)², the substitution x = (1 + q) − 2√q·cos θ turns F(x) = ∫ₐˣ p
    /// into
    /// ```
    /// F(x) = ∫₀^θ(x) 4q·sin²θ′ / (2πq·x(θ′)) dθ′,   θ(x) = arccos((1 + q − x)/(2√q))
    /// ```
    /// whose integrand is smooth (the square-root edges are gone), so a fixed 64-point
    /// Gauss–Legendre rule is accurate to ~1e-12.
    public static func standardCDF(_ x: Double, q: Double) -> Double {
        let a = Foundation.pow(1 - q.squareRoot(), 2), b = Foundation.pow(1 + q.squareRoot(), 2)
        if x <= a { return 0 }
        if x >= b { return 1 }
        // x(θ) = (1 + q) − 2√q cos θ, dx = 2√q sin θ dθ, √((b − x)(x − a)) = 2√q sin θ.
        let s = q.squareRoot()
        let theta = acos(Swift.max(-1, Swift.min(1, ((1 + q) - x) / (2 * s))))
        var sum = 0.0
        for (t, w) in nodes {
            let th = 0.5 * theta * (t + 1)
            let xv = (1 + q) - 2 * s * cos(th)
            let sn = sin(th)
            sum += w * (4 * q * sn * sn) / (2 * .pi * q * xv)
        }
        return Swift.min(1, Swift.max(0, 0.5 * theta * sum))
    }

    /// The quantile for σ² = 1: 100 bisection steps of ``standardCDF(_:q:)`` on [a, b].
    public static func standardQuantile(_ p: Double, q: Double) -> Double {
        var lo = Foundation.pow(1 - q.squareRoot(), 2), hi = Foundation.pow(1 + q.squareRoot(), 2)
        for _ in 0..<100 {
            let mid = 0.5 * (lo + hi)
            if standardCDF(mid, q: q) < p { lo = mid } else { hi = mid }
        }
        return 0.5 * (lo + hi)
    }

    private static let nodes: [(Double, Double)] = gaussLegendre(64)

    /// Nodes and weights of the n-point Gauss–Legendre rule on [−1, 1] (Newton on Pₙ).
    private static func gaussLegendre(_ n: Int) -> [(Double, Double)] {
        var out: [(Double, Double)] = []
        for i in 1...n {
            var x = cos(Double.pi * (Double(i) - 0.25) / (Double(n) + 0.5))
            var dp = 0.0
            for _ in 0..<100 {
                var p0 = 1.0, p1 = x
                for k in 2...n {
                    let p2 = ((2 * Double(k) - 1) * x * p1 - (Double(k) - 1) * p0) / Double(k)
                    p0 = p1; p1 = p2
                }
                dp = Double(n) * (x * p1 - p0) / (x * x - 1)
                let dx = p1 / dp
                x -= dx
                if Swift.abs(dx) < 1e-15 { break }
            }
            out.append((x, 2 / ((1 - x * x) * dp * dp)))
        }
        return out
    }

    /// Draws by inversion (slow; used only for checks).
    public func sample(using engine: RandomEngine) -> Double { quantile(engine.uniformPositive()) }
}
