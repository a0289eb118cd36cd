import Foundation
import GSLKit
import Testing
@testable import Distributions

/// Every law against its own closed forms, from 10⁶ seeded draws of the one-at-a-time sampler
/// (`sample`, through `samples`); ``FloatPathMomentTests`` checks the f32 bulk samplers that
/// `weightlab sample` uses.
///
/// Tolerances are 6 batch-means standard errors (100 batches): for a statistic that is normal to
/// first order, a 6-SE excursion has probability ≈ 2·10⁻⁹, and the SE estimate from 100 batches
/// is within ±25 % with probability > 1 − 10⁻⁶, so each check fails falsely with probability
/// below 10⁻⁶ (about 4·10⁻⁵ over the whole suite's ~150 checks). This needs the statistics' own
/// variances to exist with room to spare: the kurtosis SE needs the 8th moment and its batch
/// estimate the 16th, so moment checks use Student-t with ν = 20; heavier t laws are checked
/// through their CDF and quantiles only (``cdfOnlyLaws``).
@Suite("Laws reproduce their theoretical moments")
struct LawMomentTests {
    static let n = 1_000_000

    static let laws: [String] = [
        "gaussian(sigma=0.02)", "gaussian(sigma=3, mean=-1)",
        "laplace(scale=0.5)", "gennorm(beta=1.5, scale=1)", "gennorm(beta=0.8, scale=2)", "gennorm(beta=4, scale=1)",
        "studentt(nu=20, scale=0.5)",
        "truncated(sigma=1, c=1)", "truncated(sigma=1, c=2)", "truncated(sigma=0.02, c=3)",
        "truncated(sigma=1, a=0.5, b=1)", "truncated(sigma=1, a=2, b=6)", "truncated(sigma=1, a=-1, b=3)",
        "truncated(sigma=1, a=3, b=inf)", "truncated(sigma=1, a=-inf, b=-2.5)", "truncated(sigma=1, a=-0.2, b=0.3)",
        "truncated(sigma=1, a=4, b=4.2)",
        "mixture(scale=twopoint(0.5, 2, 0.3))", "mixture(scale=uniform(0.5, 1.5))",
        "mixture(scale=lognormal(0, 0.5))", "mixture(scale=gamma(4, 0.25))",
        "wstar(sigma=0.02, c=2.5)", "wstar(sigma=1, c=2, sparsity=0.5)",
        "wstar(sigma=1, c=2.5, sparsity=0.3, outliers=0.01, outlier_scale=6)",
        "wstar(sigma=1, c=2, sparsity=0.2, outliers=0.02, outlier_law=uniform(3, 5))",
        "weibull(k=1.2, lambda=0.9)",
    ]

    /// Laws whose higher sample moments have no usable standard error (Student-t with ν ≤ 16):
    /// checked by CDF, KS distance and quantile inversion only.
    static let cdfOnlyLaws: [String] = ["studentt(nu=10, scale=0.5)", "studentt(nu=3)", "studentt(nu=1.5, scale=2)"]

    /// A fixed seed per law: its position in the lists.
    static func seed(_ spec: String) -> UInt64 { UInt64((laws + cdfOnlyLaws).firstIndex(of: spec)!) + 1000 }

    @Test(arguments: laws)
    func momentsMatchTheory(spec: String) throws {
        let law = try parseLaw(spec)
        let engine = RandomEngine(.taus2, seed: Self.seed(spec))
        let x = law.samples(Self.n, using: engine)
        let s = SampleStatistics(x)
        let m = law.moments
        let k = 6.0
        #expect(abs(s.mean - m.mean) <= k * s.seMean, "\(spec): mean \(s.mean) vs \(m.mean) ± \(s.seMean)")
        #expect(abs(s.variance - m.variance) <= k * s.seVariance, "\(spec): variance \(s.variance) vs \(m.variance) ± \(s.seVariance)")
        #expect(abs(s.skewness - m.skewness) <= k * s.seSkewness, "\(spec): skewness \(s.skewness) vs \(m.skewness) ± \(s.seSkewness)")
        #expect(abs(s.excessKurtosis - m.excessKurtosis) <= k * s.seKurtosis,
                "\(spec): excess kurtosis \(s.excessKurtosis) vs \(m.excessKurtosis) ± \(s.seKurtosis)")
    }

    /// The empirical CDF at 99 quantiles of the law matches their levels: |F̂(x_p) − p| ≤ 6·√(p(1−p)/n),
    /// false-failure probability ≈ 99·2·10⁻⁹. Laws with cheap CDFs also get the full KS distance,
    /// below the 10⁻⁶ critical value √(ln(2·10⁶)/(2n)) ≈ 2.69/√n.
    @Test(arguments: laws + cdfOnlyLaws)
    func distributionMatchesCDF(spec: String) throws {
        let law = try parseLaw(spec)
        let engine = RandomEngine(.mt19937, seed: 12345 &+ Self.seed(spec))
        let n = 200_000
        var x = law.samples(n, using: engine)
        x.sort()
        let atoms = spec.hasPrefix("wstar")
        for i in 1..<100 {
            let p = Double(i) / 100
            let q = law.quantile(p)
            // F̂(q) counts values ≤ q; with atoms, F(q) ≥ p and F(q−) ≤ p bracket the level.
            let count = Double(upperBound(x, q))
            let lower = Double(lowerBound(x, q))
            let tol = 6 * (p * (1 - p) / Double(n)).squareRoot()
            if atoms {
                #expect(count / Double(n) >= p - tol && lower / Double(n) <= p + tol, "\(spec): level \(p) at \(q)")
            } else {
                #expect(abs(count / Double(n) - p) <= tol, "\(spec): F̂(q(\(p))) = \(count / Double(n))")
            }
        }
        if !atoms && !spec.hasPrefix("mixture") {
            var d = 0.0
            for (i, v) in x.enumerated() {
                let f = law.cdf(v)
                d = max(d, abs(f - Double(i) / Double(n)), abs(Double(i + 1) / Double(n) - f))
            }
            #expect(d <= 2.69 / Double(n).squareRoot(), "\(spec): KS distance \(d)")
        }
    }

    @Test(arguments: laws + cdfOnlyLaws)
    func quantileInvertsCDF(spec: String) throws {
        let law = try parseLaw(spec)
        let atoms = spec.hasPrefix("wstar")
        for p in stride(from: 0.001, through: 0.999, by: 0.0125) {
            let q = law.quantile(p)
            if atoms {
                #expect(law.cdf(q) >= p - 1e-9, "\(spec): F(q(\(p))) = \(law.cdf(q))")
                #expect(law.cdf(q - 1e-9 * max(1, abs(q))) <= p + 1e-9, "\(spec): F(q(\(p))−) = \(law.cdf(q - 1e-9))")
            } else {
                #expect(abs(law.cdf(q) - p) <= 1e-7, "\(spec): F(q(\(p))) = \(law.cdf(q))")
                #expect(abs(law.survival(q) - (1 - p)) <= 1e-7, "\(spec): S(q(\(p))) = \(law.survival(q))")
            }
        }
    }

    func upperBound(_ x: [Double], _ v: Double) -> Int {
        var lo = 0, hi = x.count
        while lo < hi { let mid = (lo + hi) / 2; if x[mid] <= v { lo = mid + 1 } else { hi = mid } }
        return lo
    }

    func lowerBound(_ x: [Double], _ v: Double) -> Int {
        var lo = 0, hi = x.count
        while lo < hi { let mid = (lo + hi) / 2; if x[mid] < v { lo = mid + 1 } else { hi = mid } }
        return lo
    }
}
