import Foundation
import GSLKit
import Testing
@testable import Analysis

/// The power-law fitter and the CSN bootstrap on samples of known law: Pareto tails (the null)
/// and exponential tails (the alternative). Seeds are fixed; each band's false-failure
/// probability is stated beside it.
@Suite struct PowerLawCalibrationTests {
    /// n Pareto(α, xmin = 1) draws: x = (1 − u)^{−1/(α−1)}.
    static func pareto(_ n: Int, alpha: Double, seed: UInt64) -> [Double] {
        let e = RandomEngine(seed: seed)
        return (0..<n).map { _ in Foundation.pow(1 - e.uniform(), -1 / (alpha - 1)) }.sorted()
    }

    /// 40 Pareto samples (n = 300, α = 2.5): the bootstrap CI of α covers the true α, and the CSN
    /// p-value is uniform. Coverage: the normal-bootstrap CI re-selects xmin in every resample, so
    /// it is at least nominal; P(Bin(40, 0.95) ≤ 32) = 7·10⁻⁴ is the false-failure probability of
    /// requiring ≥ 33 covered. Uniform p (resolution 1/32): P(p ≤ 0.1) = 4/32 = 0.125, and
    /// P(Bin(40, 0.125) = 0) + P(Bin(40, 0.125) ≥ 14) = 0.0050; the median of 40 uniform p lies
    /// in [0.3, 0.7] but with probability 2·P(Bin(40, 0.3) ≥ 20) = 0.008.
    @Test func paretoAlphaInCIAndUniformP() throws {
        var covered = 0
        var ps: [Double] = []
        for seed in 0..<40 {
            let x = Self.pareto(300, alpha: 2.5, seed: UInt64(1000 + seed))
            let fit = try #require(PowerLawFit.fit(ascending: x))
            let b = try #require(PowerLawBootstrap.run(ascending: x, fit: fit, resamples: 32, seed: UInt64(seed)))
            if b.alphaCILow <= 2.5 && 2.5 <= b.alphaCIHigh { covered += 1 }
            ps.append(b.pValue)
        }
        #expect(covered >= 33, "covered \(covered) of 40")
        let small = ps.filter { $0 <= 0.1 }.count
        #expect(small >= 1 && small <= 13, "\(small) of 40 p ≤ 0.1: \(ps)")
        let median = ps.sorted()[19...20].reduce(0, +) / 2
        #expect(median >= 0.3 && median <= 0.7, "median p \(median)")
    }

    /// The fit recovers α: over 40 samples of n = 2000 (α = 2.5) the mean α̂ is within 4 standard
    /// errors of 2.5 (SE from the spread of the 40 estimates; a t-statistic beyond 4 at 39
    /// degrees of freedom has probability 3·10⁻⁴ under an unbiased fitter).
    @Test func paretoAlphaUnbiased() throws {
        let a = try (0..<40).map { seed in try #require(PowerLawFit.fit(ascending: Self.pareto(2000, alpha: 2.5, seed: UInt64(seed)))).alpha }
        let mean = a.reduce(0, +) / 40
        let se = (a.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 39).squareRoot() / 40.0.squareRoot()
        #expect(Swift.abs(mean - 2.5) <= 4 * se, "mean α̂ \(mean) ± \(se)")
    }

    /// Exponential tails (1 + Exp(1), n = 2000) are told from a power law. The CSN p-value of
    /// WeightWatcher's fit rejects at 0.1 in ≥ 5 of 10 samples (under the null P = 0.125 each, so
    /// ≥ 5 of 10 has probability 0.004). The likelihood ratio on the whole support (xmin = 1, the
    /// exponential's start; α its MLE there) favours the exponential (R < 0, Vuong p < 0.05) in
    /// ≥ 6 of 10; under a power law that happens with probability ≤ 0.025 per sample, so ≥ 6 of 10
    /// has probability < 10⁻⁷. (On WeightWatcher's own xmin, which picks short tails where the two
    /// laws look alike, the ratio has little power: 2 of these 10.)
    @Test func exponentialTailsRejected() throws {
        var lrRejects = 0, csnRejects = 0
        for seed in 0..<10 {
            let e = RandomEngine(seed: UInt64(500 + seed))
            let x = (0..<2000).map { _ in 1 + e.exponential(1) }.sorted()
            let fit = try #require(PowerLawFit.fit(ascending: x))
            let b = try #require(PowerLawBootstrap.run(ascending: x, fit: fit, resamples: 32, seed: UInt64(seed)))
            if b.pValue <= 0.1 { csnRejects += 1 }
            let whole = PowerLawFit(alpha: 1 + 2000 / x.reduce(0) { $0 + Foundation.log($1 / x[0]) }, xmin: x[0], xmax: x[1999], D: 0,
                                    sigma: 0, numPLSpikes: 2000, smallSample: false)
            if let r = TailComparisons.run(ascending: x, fit: whole)?.exponential, r.logLikelihoodRatio < 0, r.pValue < 0.05 { lrRejects += 1 }
        }
        #expect(lrRejects >= 6, "LR rejected the power law in \(lrRejects) of 10")
        #expect(csnRejects >= 5, "CSN rejected in \(csnRejects) of 10")
    }

    /// Likelihood ratios on a Pareto sample (n = 2000, α = 2.5, its true xmin = 1): the ratio
    /// favours the power law over the exponential, significantly (at n = 2000 the exponential's
    /// deficit is hundreds of log-likelihood units: failure is not a chance event), and
    /// the nested truncated power law gains at most χ²₁-sized likelihood (p ≥ 10⁻⁴ except with
    /// probability 10⁻⁴).
    @Test func paretoNotRejectedByLikelihoodRatios() throws {
        let x = Self.pareto(2000, alpha: 2.5, seed: 77)
        let fit = PowerLawFit(alpha: 1 + 2000 / x.reduce(0) { $0 + Foundation.log($1 / x[0]) }, xmin: x[0], xmax: x[1999], D: 0,
                              sigma: 0, numPLSpikes: 2000, smallSample: false)
        let c = try #require(TailComparisons.run(ascending: x, fit: fit))
        let exponential = try #require(c.exponential), tpl = try #require(c.truncatedPowerLaw)
        #expect(exponential.logLikelihoodRatio > 0 && exponential.pValue < 0.05, "\(exponential)")
        #expect(tpl.pValue >= 1e-4, "\(tpl)")
        #expect(c.lognormal != nil)
    }

    /// The small-sample fitter (fewer than 20 eigenvalues) and the failure cases.
    @Test func smallAndDegenerateInputs() throws {
        let small = Self.pareto(15, alpha: 3, seed: 9)
        let fit = try #require(PowerLawFit.fit(ascending: small))
        #expect(fit.smallSample && fit.numPLSpikes >= 8 && fit.alpha > 1)
        #expect(PowerLawFit.fit(ascending: [1e-7, 1e-6, 2]) == nil)
        #expect(PowerLawFit.warning(alpha: 1.5) == "over-trained" && PowerLawFit.warning(alpha: 7) == "under-trained"
            && PowerLawFit.warning(alpha: 3).isEmpty)
    }

    /// The seed mixing is SeedTree's: fixed values, and distinct paths give distinct seeds.
    @Test func seedsDependOnNameOnly() {
        let a = SpectralSeed.seed(root: 0, path: ["layers.0.weight", "bootstrap"])
        #expect(a == SpectralSeed.seed(root: 0, path: ["layers.0.weight", "bootstrap"]))
        #expect(a != SpectralSeed.seed(root: 0, path: ["layers.1.weight", "bootstrap"]))
        #expect(a != SpectralSeed.seed(root: 1, path: ["layers.0.weight", "bootstrap"]))
    }
}
