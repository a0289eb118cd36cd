import Foundation
import GSLKit
import Testing
@testable import Analysis

/// The bucketed shuffle of the correlation traps is a uniform permutation.
@Suite struct ScatterShuffleTests {
    /// All 120 orders of 5 values through 4 buckets, over 120 000 seeds: Pearson's χ² of the
    /// order counts against 1 000 each (119 degrees of freedom; every expected count is 1 000, so
    /// the χ² law is accurate). The test fails when p < 10⁻⁴: a false failure has probability
    /// 10⁻⁴, and a bucket draw that ignored its seed bits or a biased within-bucket shuffle moves
    /// χ² by thousands. Deterministic: the seeds are fixed.
    @Test func everyOrderEquallyLikely() {
        let values: [Double] = [0, 1, 2, 3, 4]
        var counts: [Int: Int] = [:]
        let draws = 120_000
        values.withUnsafeBufferPointer { p in
            for seed in 0..<draws {
                let order = ScatterShuffle.permuted(p, as: Double.self, seed: UInt64(seed) &* 0x9E37_79B9, bucketBits: 2)
                counts[order.reduce(0) { $0 * 5 + Int($1) }, default: 0] += 1
            }
        }
        #expect(counts.count == 120, "\(counts.count) of the 120 orders seen")
        let expected = Double(draws) / 120
        let chi2 = counts.values.reduce(0) { $0 + (Double($1) - expected) * (Double($1) - expected) / expected }
        let p = SpecialFunctions.chiSquaredSF(chi2, dof: 119)
        #expect(p > 1e-4, "χ² = \(chi2), p = \(p)")
    }

    /// Every value's final position is uniform across the buckets of a large array (the
    /// position of value 0 over 20 000 seeds in 64 position bins, 16 buckets): χ² with 63 degrees
    /// of freedom, failing at p < 10⁻⁴ (the false-failure probability).
    @Test func positionsUniformAcrossBuckets() {
        let n = 4096
        let values = (0..<n).map(Double.init)
        var bins = [Int](repeating: 0, count: 64)
        let draws = 20_000
        values.withUnsafeBufferPointer { p in
            for seed in 0..<draws {
                let order = ScatterShuffle.permuted(p, as: Float.self, seed: UInt64(seed), bucketBits: 4)
                bins[order.firstIndex(of: 0)! * 64 / n] += 1
            }
        }
        let expected = Double(draws) / 64
        let chi2 = bins.reduce(0) { $0 + (Double($1) - expected) * (Double($1) - expected) / expected }
        #expect(SpecialFunctions.chiSquaredSF(chi2, dof: 63) > 1e-4, "χ² = \(chi2) over \(bins)")
    }

    /// A permutation (the same multiset) at the default bucket count of a large array, and with
    /// no buckets the plain Fisher–Yates of the whole array.
    @Test func permutesEveryValue() {
        let n = (1 << 20) + 7
        let e = RandomEngine(seed: 3)
        let values = (0..<n).map { _ in Double(Float(e.gaussian(1))) }
        values.withUnsafeBufferPointer { p in
            let shuffled = ScatterShuffle.permuted(p, as: Float.self, seed: 11)
            #expect(shuffled.map(Double.init).sorted() == values.sorted())
            #expect(zip(shuffled, values).filter { Double($0) == $1 }.count < 100, "values left in place")
            let small = UnsafeBufferPointer(rebasing: p[0..<1000])
            var plain = small.map { Float($0) }
            var random = SplitMix64(seed: 5)
            plain.withUnsafeMutableBufferPointer { ScatterShuffle.shuffle($0, &random) }
            #expect(ScatterShuffle.permuted(small, as: Float.self, seed: 5) == plain)
        }
    }
}
