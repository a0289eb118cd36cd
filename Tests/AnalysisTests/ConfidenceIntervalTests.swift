import Distributions
import Foundation
import GSLKit
import Testing
@testable import Analysis

/// The moments' 95 % intervals cover the true value 95 % of the time on Gaussian data (the law
/// their formulas are exact or asymptotic for), at a small and a moderate n.
@Suite struct ConfidenceIntervalTests {
    /// Over 2000 seeded N(0, 1) samples, the number of intervals that cover the truth lies in the
    /// band of Bin(2000, 0.95) whose tails hold 5·10⁻⁷ each (1849–1944); a
    /// false failure has probability ≤ 10⁻⁶ per interval were the coverage exactly 0.95. A
    /// simulation with SciPy (4000 replicates) gave coverage 0.941–0.955 for all four at n = 50 and
    /// n = 2000, inside the band. The σ interval is also checked to be finite at every n.
    @Test(arguments: [50, 2000])
    func momentIntervalsCoverTheTruth(n: Int) throws {
        let r = 2000
        let law = try Gaussian(sigma: 1)
        var covered = ["mean": 0, "std": 0, "skewness": 0, "excess_kurtosis": 0]
        for i in 0..<r {
            let x = law.samples(n, using: RandomEngine(.taus2, seed: UInt64(31_000 + i)))
            let m = try x.withUnsafeBufferPointer { try MomentSummary.of($0) }
            #expect(m.std.ciLow.isFinite && m.std.ciHigh.isFinite)
            if m.mean.ciLow <= 0 && 0 <= m.mean.ciHigh { covered["mean"]! += 1 }
            if m.std.ciLow <= 1 && 1 <= m.std.ciHigh { covered["std"]! += 1 }
            if m.skewness.ciLow <= 0 && 0 <= m.skewness.ciHigh { covered["skewness"]! += 1 }
            if m.excessKurtosis.ciLow <= 0 && 0 <= m.excessKurtosis.ciHigh { covered["excess_kurtosis"]! += 1 }
        }
        let band = CalibrationTests.binomialBand(r: r, p: 0.95, tail: 5e-7)
        for (k, v) in covered { #expect(band.contains(v), "n = \(n), \(k): \(v) of \(r) covered, band \(band)") }
    }

    /// The σ interval at the sizes where GSL's χ² inversion returned NaN (a 128×256 and a 256×256
    /// tensor): finite, ordered, and holding the estimate.
    @Test(arguments: [128 * 256, 256 * 256, 99_999, 100_001])
    func stdIntervalIsFiniteWhereGSLFailed(n: Int) throws {
        let x = try Gaussian(sigma: 0.02).samples(n, using: RandomEngine(.taus2, seed: 5))
        let m = try x.withUnsafeBufferPointer { try MomentSummary.of($0) }
        #expect(m.std.ciLow.isFinite && m.std.ciHigh.isFinite)
        #expect(m.std.ciLow < m.std.value && m.std.value < m.std.ciHigh, "\(m.std)")
    }
}
