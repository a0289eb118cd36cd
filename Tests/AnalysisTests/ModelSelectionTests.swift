import Distributions
import Foundation
import GSLKit
import Testing
@testable import Analysis

/// The best fit by BIC picks the law the data came from (see ``Fits`` for why BIC, and why the
/// truncation bound counts as two parameters).
@Suite struct ModelSelectionTests {
    /// Gaussian data: over 400 seeded samples of n = 4096, BIC picks another law with probability
    /// ≈ 1/√(2n) (truncated, 1.1 %) + P(χ²₁ > ln n) (gennorm, 0.39 %) + half that (Student-t,
    /// 0.2 %) ≈ 1.7 %, about 7 of 400; the test allows 20 (Poisson tail P(X ≥ 21 | 6.8) ≈ 3·10⁻⁵).
    /// AIC, by contrast, picks a non-Gaussian law far more often (≈ 0.26 for "truncated" alone,
    /// E[e^{−(2 + χ²₁)/2}]); the test requires more than 15 % of AIC choices to be wrong, which
    /// fails only if AIC were as good as BIC here (≈ 140 expected, SD ≈ 9.5).
    @Test func gaussianDataPickGaussian() throws {
        let law = try Gaussian(sigma: 0.02)
        var wrongBIC: [String: Int] = [:], wrongAIC = 0
        for i in 0..<400 {
            let x = law.samples(4096, using: RandomEngine(.taus2, seed: UInt64(7_000 + i)))
            let fits = try x.withUnsafeBufferPointer { try Fits.all($0) }
            if let best = fits.first?.law, best != "gaussian" { wrongBIC[best, default: 0] += 1 }
            if fits.min(by: { $0.aic < $1.aic })?.law != "gaussian" { wrongAIC += 1 }
        }
        let wrong = wrongBIC.values.reduce(0, +)
        #expect(wrong <= 20, "BIC picked \(wrongBIC) in 400 Gaussian samples")
        #expect(wrongAIC > 60, "AIC picked a non-Gaussian law only \(wrongAIC) times of 400")
    }

    /// Each law's own data picks it, in at least 18 of 20 seeded samples of n = 20 000. The closest
    /// nested rival (gennorm for the Laplace and the truncated law, Student-t for the Gaussian-like
    /// part) can win only by chance, with probability ≤ P(χ²₁ > ln 20 000 = 9.9) = 0.17 % per sample;
    /// 3 such misses of 20 have probability ≤ C(20, 3)·0.0017³ ≈ 6·10⁻⁶. The non-nested rivals
    /// lose by a log-likelihood margin that grows like n (hundreds at this size).
    @Test(arguments: ["laplace(scale=0.02)", "truncated(sigma=0.02, c=2)", "gennorm(beta=1.4, scale=0.02)", "studentt(nu=4, scale=0.02)"])
    func eachLawPicksItself(spec: String) throws {
        let law = try parseLaw(spec)
        let expected = String(spec.prefix { $0 != "(" })
        var picks: [String: Int] = [:]
        for i in 0..<20 {
            let x = law.samples(20_000, using: RandomEngine(.taus2, seed: UInt64(8_000 + i)))
            let fits = try x.withUnsafeBufferPointer { try Fits.all($0) }
            picks[fits.first!.law, default: 0] += 1
        }
        #expect(picks[expected, default: 0] >= 18, "\(spec): picks \(picks)")
    }

    /// W* data (π0 = 0.5, c = 2.5, ε = 0.001 of all values at 8σ), 2¹⁷ values as in the
    /// optimal-weights scenario: W* wins every one of 10 samples by a BIC margin of thousands.
    @Test func wstarDataPickWstar() throws {
        let law = try OptimalWeights(sigma: 0.02, c: 2.5, sparsity: 0.5, outliers: 0.001, outlierMagnitude: .fixed(8))
        for i in 0..<10 {
            let x = law.samples(1 << 17, using: RandomEngine(.taus2, seed: UInt64(9_000 + i)))
            let fits = try x.withUnsafeBufferPointer { try Fits.all($0) }
            #expect(fits.first?.law == "wstar", "seed \(i): \(fits.map { "\($0.law) \($0.bic)" })")
            if fits.count > 1 { #expect(fits[1].bic - fits[0].bic > 100) }
        }
    }
}
