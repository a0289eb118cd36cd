import Distributions
import Foundation
import GSLKit
import Testing
@testable import Analysis

/// The Lilliefors p-value from the simulated table: uniform under the null over its whole range
/// (p > 0.1 included, where the Dallal–Wilkinson formula it replaced clipped to 1), monotone, and
/// with a far tail that agrees with Dallal–Wilkinson where that formula is accurate.
@Suite struct LillieforsTests {
    /// Under the null, P(p ≤ a) = a for every a. Over r seeded Gaussian samples the count of p ≤ a
    /// lies in the band of Bin(r, a) with tails 5·10⁻⁷ (false failure ≤ 10⁻⁶ per level were the
    /// p-values exact; the table's own error, ≤ 0.0064 on fresh seeds, is < 0.2 of a band's half
    /// width). r = 4000 at n = 500 and r = 1500 at n = 5000 (between the table's rows).
    @Test(arguments: [(500, 4000), (5000, 1500)])
    func pValuesAreUniformUnderTheNull(n: Int, r: Int) throws {
        let law = try Gaussian(sigma: 1)
        var p: [Double] = []
        for i in 0..<r {
            let x = law.samples(n, using: RandomEngine(.taus2, seed: UInt64(90_000 + i))).sorted()
            let m = try x.withUnsafeBufferPointer { try MomentSummary.of($0) }
            let t = try x.withUnsafeBufferPointer {
                try NormalityTests.run(sorted: $0, mean: m.mean.value, std: m.std.value, skewness: m.skewness.value, excessKurtosis: m.excessKurtosis.value)
            }
            p.append(t.ks.pValue)
        }
        for a in [0.01, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9] {
            let count = p.filter { $0 <= a }.count
            let band = CalibrationTests.binomialBand(r: r, p: a, tail: 5e-7)
            #expect(band.contains(count), "n = \(n): \(count) of \(r) with p ≤ \(a), band \(band)")
        }
    }

    /// p falls strictly as D grows, from 1 at D = 0 to below 10⁻¹⁰, with no clipping at 1 (the old
    /// formula gave p = 1 at D = 0.009, n = 1000) and no jump at the table's ends.
    @Test(arguments: [8, 37, 1000, 65_536, 16_777_216])
    func pFallsStrictlyWithD(n: Int) {
        let sn = Double(n).squareRoot()
        var previous = 1.0
        for i in 1...500 {
            let dStar = Double(i) * 0.005  // D* from 0.005 to 2.5
            let p = NormalityTests.lillieforsP(dStar / (sn - 0.01 + 0.85 / sn), n: n)
            #expect(p < previous && p > 0, "n = \(n), D* = \(dStar): p = \(p) after \(previous)")
            // Neighbouring D* differ by 0.005: p may not drop by more than 15 % of itself + 0.003
            // (the tail's ln p falls by at most 5.504·2·2.5·0.005 = 0.14 per step).
            #expect(previous - p <= 0.15 * previous + 0.003, "n = \(n), D* = \(dStar): jump \(previous) → \(p)")
            previous = p
        }
        #expect(previous < 1e-10)
        #expect(NormalityTests.lillieforsP(0.009, n: 1000) < 1)
    }

    /// Beyond the table (p < 0.001) the tail is the Gaussian-process one, ln p ∝ −5.504·D*².
    /// Dallal–Wilkinson's formula, fitted for that tail at n ≤ 100, falls faster: ours stays at or
    /// above it (conservative; 0.95 allows for the table's Monte Carlo error at 0.001) and within 6×
    /// of it down to p = 10⁻⁸ (the largest ratio there, at n = 20, is 4.9).
    @Test(arguments: [20, 50, 100])
    func extrapolatedTailIsConservativeBesideDallalWilkinson(n: Int) {
        var checked = 0
        for d in stride(from: 0.05, through: 0.5, by: 0.005) {
            let dw = NormalityTests.dallalWilkinsonP(d, n: n)
            guard dw < 1e-3, dw > 1e-8 else { continue }
            let p = NormalityTests.lillieforsP(d, n: n)
            #expect(p >= 0.95 * dw && p <= 6 * dw, "n = \(n), D = \(d): table \(p), Dallal–Wilkinson \(dw)")
            checked += 1
        }
        #expect(checked >= 5)
    }
}
