import Foundation

/// Marchenko–Pastur CDF and quantile for σ² = 1 in closed form, fast enough to evaluate at every
/// eigenvalue.
///
/// With a = (1 − √q)², b = (1 + √q)² and the density p(x) = √((b − x)(x − a))/(2πqx), the
/// substitution x = (1 + q) − 2√q·cos θ turns F(x) = ∫ₐˣ p into
/// ```
/// F(x) = ∫₀^θ(x) 4q·sin²θ′ / (2πq·x(θ′)) dθ′,   θ(x) = arccos((1 + q − x)/(2√q))
/// ```
/// whose integrand is smooth, so a fixed 64-point Gauss–Legendre rule is accurate to ~1e-12.
enum MarchenkoPasturMath {
    static let nodes: [(Double, Double)] = gaussLegendre(64)

    static func cdf(_ x: Double, q: Double) -> Double {
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

    static func quantile(_ p: Double, q: Double) -> Double {
        var lo = Foundation.pow(1 - q.squareRoot(), 2), hi = Foundation.pow(1 + q.squareRoot(), 2)
        for _ in 0..<100 {
            let mid = 0.5 * (lo + hi)
            if cdf(mid, q: q) < p { lo = mid } else { hi = mid }
        }
        return 0.5 * (lo + hi)
    }

    /// Nodes and weights of the n-point Gauss–Legendre rule on [−1, 1] (Newton on Pₙ).
    static func gaussLegendre(_ n: Int) -> [(Double, Double)] {
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
}
