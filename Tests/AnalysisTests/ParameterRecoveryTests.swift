import Distributions
import Foundation
import GSLKit
import Testing
@testable import Analysis

/// The fits recover the true parameters within their 95 % intervals (value ± 1.96·SE) as often as
/// the intervals promise: a coverage check over seeded replicates.
///
/// The count of covering intervals in r replicates must lie in the band of Bin(r, 0.95) whose
/// tails hold 5·10⁻⁷ each (172–200 for r = 200, 99–120 for r = 120); a false failure has
/// probability ≤ 10⁻⁶ per parameter were the coverage exactly 0.95. The band also catches standard
/// errors off by a factor of ≈ 1.3 either way (coverage 0.86 or 0.99).
@Suite struct ParameterRecoveryTests {
    func covers(_ fit: FitResult, _ key: String, _ truth: Double) -> Bool {
        guard let v = fit.parameters[key], let se = fit.standardErrors[key] else { return false }
        return abs(v - truth) <= 1.959964 * se
    }

    /// Generalised Gaussian β (and scale) by profile ML on n = 20 000, over 200 replicates each
    /// for a peaked, a near-Gaussian and a flat law.
    @Test(arguments: [0.8, 1.5, 3.0])
    func gennormBetaIsRecoveredWithinItsCI(beta: Double) throws {
        let law = try GeneralizedGaussian(beta: beta, scale: 0.02)
        let r = 200
        var coveredBeta = 0, coveredScale = 0
        for i in 0..<r {
            let x = law.samples(20_000, using: RandomEngine(.taus2, seed: UInt64(11_000 + i)))
            let fits = try x.withUnsafeBufferPointer { try Fits.all($0) }
            let g = try #require(fits.first { $0.law == "gennorm" })
            if covers(g, "beta", beta) { coveredBeta += 1 }
            if covers(g, "scale", 0.02) { coveredScale += 1 }
        }
        let band = CalibrationTests.binomialBand(r: r, p: 0.95, tail: 5e-7)
        #expect(band.contains(coveredBeta), "β = \(beta): \(coveredBeta) of \(r) covered, band \(band)")
        #expect(band.contains(coveredScale), "β = \(beta): scale \(coveredScale) of \(r) covered, band \(band)")
    }

    /// W* (σ = 0.02, c = 2.5, π0 = 0.5, ε = 0.002 with magnitudes uniform on [6σ, 10σ]), 2¹⁷
    /// values, 120 replicates: π0, σ, c, ε (as a fraction of the non-zeros, ε/(1 − π0)) and the
    /// outlier scale (the median magnitude over σ, true value 8).
    @Test func wstarParametersAreRecoveredWithinTheirCIs() throws {
        let (sigma, c, pi0, eps) = (0.02, 2.5, 0.5, 0.002)
        let law = try OptimalWeights(sigma: sigma, c: c, sparsity: pi0, outliers: eps, outlierMagnitude: .uniform(lo: 6, hi: 10))
        let truth = ["pi0": pi0, "sigma": sigma, "c": c, "outliers": eps / (1 - pi0), "outlier_scale": 8.0]
        let r = 120
        var covered = truth.mapValues { _ in 0 }
        for i in 0..<r {
            let x = law.samples(1 << 17, using: RandomEngine(.taus2, seed: UInt64(12_000 + i)))
            let fits = try x.withUnsafeBufferPointer { try Fits.all($0) }
            let w = try #require(fits.first { $0.law == "wstar" })
            for (k, v) in truth where covers(w, k, v) { covered[k]! += 1 }
        }
        let band = CalibrationTests.binomialBand(r: r, p: 0.95, tail: 5e-7)
        for (k, v) in covered { #expect(band.contains(v), "\(k): \(v) of \(r) covered, band \(band)") }
    }
}
