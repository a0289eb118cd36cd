import Distributions
import Foundation
import GSLKit
import Testing
@testable import Analysis

/// The filters work on index ranges of the sorted values and a branch-and-bound KS; both must
/// give what copying the kept values and running the full tests on them gives.
@Suite struct FilterComparisonTests {
    func reference(_ kept: [Double]) throws -> (std: Double, kurtosis: Double, ks: Double, jb: Double) {
        let m = try kept.withUnsafeBufferPointer { try MomentSummary.of($0) }
        let t = try kept.withUnsafeBufferPointer {
            try NormalityTests.run(sorted: $0, mean: m.mean.value, std: m.std.value, skewness: m.skewness.value, excessKurtosis: m.excessKurtosis.value)
        }
        return (m.std.value, m.excessKurtosis.value, t.ks.statistic, t.jarqueBera.statistic)
    }

    /// Equal to 1e-10 of `scale` or of |b|, whichever is larger. The two computations sum in
    /// different orders, so their rounding differs by a few ulps of the *unreduced* quantities:
    /// excess kurtosis is m₄/m₂² − 3 (scale 3) and skewness enters Jarque–Bera as n/6·(S² + K²/4),
    /// whose rounding grows like n·ε (scale n). Relative to a near-zero value they would not match.
    func close(_ a: Double, _ b: Double, scale: Double = 1e-300) -> Bool { abs(a - b) <= 1e-10 * max(abs(b), scale) }

    /// Gaussian and sparse W* values (exact zeros, and bf16-rounded ones with heavy ties): the
    /// range-based filters equal the copy-based statistics to 1e-10 relative.
    @Test(arguments: ["gaussian(sigma=0.02)", "wstar(sigma=0.02, c=2.5, sparsity=0.5, outliers=0.001, outlier_scale=8)", "bf16"])
    func filtersEqualCopyingTheKeptValues(spec: String) throws {
        var x: [Double]
        if spec == "bf16" {
            x = try Gaussian(sigma: 1).samples(200_000, using: RandomEngine(.taus2, seed: 2))
                .map { Double(Float(bitPattern: Float($0).bitPattern & 0xFFFF_0000)) }
        } else {
            x = try parseLaw(spec).samples(200_000, using: RandomEngine(.taus2, seed: 1))
        }
        x.sort()
        let m = try x.withUnsafeBufferPointer { try MomentSummary.of($0) }
        let f = x.withUnsafeBufferPointer { FilterComparison.run(sorted: $0, mean: m.mean.value, std: m.std.value) }
        let three = try reference(x.filter { abs($0 - m.mean.value) <= 3 * m.std.value })
        let small = try reference(x.filter { abs($0) > f.smallThreshold })
        let t = try #require(f.threeSigma), s = try #require(f.smallValues)
        let n = Double(x.count)
        #expect(close(t.std, three.std) && close(t.excessKurtosis, three.kurtosis, scale: 3) && close(t.jarqueBera.statistic, three.jb, scale: n))
        #expect(close(t.ks.statistic, three.ks), "\(spec): 3σ KS \(t.ks.statistic) vs \(three.ks)")
        #expect(close(s.std, small.std) && close(s.excessKurtosis, small.kurtosis, scale: 3) && close(s.jarqueBera.statistic, small.jb, scale: n),
                "\(spec): small-value filter std \(s.std) vs \(small.std), kurtosis \(s.excessKurtosis) vs \(small.kurtosis), JB \(s.jarqueBera.statistic) vs \(small.jb)")
        #expect(close(s.ks.statistic, small.ks), "\(spec): small-value KS \(s.ks.statistic) vs \(small.ks)")
    }
}
