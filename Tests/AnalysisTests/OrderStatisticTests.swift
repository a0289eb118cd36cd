import Foundation
import Testing
@testable import Analysis

/// The shortcuts that replace a sort or a logarithm per value must give exactly what they replace:
/// ``Selection``'s median equals the sorted copy's middle, ``LogBinTable`` equals its formula,
/// ``RadixSort`` (each of its three paths) equals a comparison sort.
@Suite struct OrderStatisticTests {
    /// A seeded xorshift stream (the test's own, so the inputs are fixed).
    struct Stream {
        var s: UInt64
        mutating func next() -> UInt64 { s ^= s << 13; s ^= s >> 7; s ^= s << 17; return s }
        mutating func uniform() -> Double { Double(next() >> 11) / Double(1 << 53) }
    }

    @Test func medianEqualsTheSortedMiddle() {
        var r = Stream(s: 0x9E37_79B9_7F4A_7C15)
        for n in [1, 2, 3, 4, 5, 7, 8, 31, 64, 100, 1001, 2047, 2048, 2049, 4096, 11008, 30001] {
            // From 64 values on the median is selected among the values of its buckets: pattern 4
            // puts every value in one bucket (all gathered), pattern 5 spreads them over 40 octaves
            // of both signs with zeros of both signs.
            for pattern in 0..<6 {
                let x: [Double] = (0..<n).map { i in
                    switch pattern {
                    case 0: return r.uniform() - 0.5                       // distinct values
                    case 1: return Double(r.next() % 5)                     // many ties
                    case 2: return Double(i)                                // already sorted
                    case 4: return 1 + r.uniform() / 4096
                    case 5: return i % 13 == 0 ? (i % 26 == 0 ? -0.0 : 0.0) : (r.uniform() - 0.5) * pow(2, Double(Int(r.next() % 40)) - 20)
                    default: return Double(n - i) + (i % 2 == 0 ? 0.25 : 0) // reversed, zig-zag
                    }
                }
                let sorted = x.sorted()
                let expected = n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2])
                let got = x.withUnsafeBufferPointer { Selection.median(of: $0) }
                #expect(got == expected, "n = \(n), pattern \(pattern)")
                var y = x
                let rank = n / 3
                let v = y.withUnsafeMutableBufferPointer { Selection.select($0, rank: rank) }
                #expect(v == sorted[rank])
                #expect(y[..<rank].allSatisfy { $0 <= v } && y[rank...].allSatisfy { $0 >= v })
                let magnitudes = x.map(Swift.abs).sorted()
                for k in Set([1, Swift.max(1, n / 20), n]) {
                    let top = x.withUnsafeBufferPointer { Selection.largestMagnitudes($0, count: k) }
                    #expect(top == Array(magnitudes[(n - k)...]), "n = \(n), pattern \(pattern), k = \(k)")
                }
            }
        }
    }

    /// Bit for bit, −0 before +0 (the comparison sort gets the same order from the bit patterns'
    /// numeric key), on bfloat16, single and double precision values with ties and both zeros, and
    /// on non-negative single-precision values that share their lowest radix digit.
    @Test func radixSortEqualsAComparisonSort() {
        var r = Stream(s: 0x2545_F491_4F6C_DD1D)
        func key(_ v: Double) -> (Double, Int) { (v, v.sign == .minus ? 0 : 1) }
        for n in [1, 2, 9, 1000, 70_001] {
            for precision in 0..<4 {
                let x: [Double] = (0..<n).map { i in
                    let v = i % 17 == 0 ? (i % 34 == 0 ? -0.0 : 0.0) : (r.uniform() - 0.5) * pow(2, Double(Int(r.next() % 40)) - 20)
                    switch precision {
                    case 0: return Double(Float(bitPattern: Float(v).bitPattern & 0xFFFF_0000))  // bfloat16
                    case 1: return Double(Float(v))
                    // Non-negative single precision whose lowest radix digit (11 bits) is zero in
                    // every key: the sort skips that pass, and its last pass then writes into the
                    // scratch array.
                    case 3: return Double(Float(bitPattern: Float(Swift.abs(v)).bitPattern & 0x7FFF_F800))
                    default: return v
                    }
                }
                let expected = x.sorted { key($0) < key($1) }.map(\.bitPattern)
                // Sorted as Float exactly when every value is one.
                let single = x.allSatisfy { Double(Float($0)) == $0 }
                #expect(single == (precision != 2 || n == 1), "n = \(n), precision \(precision)")
                let got: [UInt64]
                switch x.withUnsafeBufferPointer({ RadixSort.sorted($0) }) {
                case let .single(v):
                    #expect(single, "n = \(n), precision \(precision): sorted as Float")
                    got = v.map { Double($0).bitPattern }
                case let .double(v):
                    #expect(!single, "n = \(n), precision \(precision): sorted as Double")
                    got = v.map(\.bitPattern)
                }
                #expect(got == expected, "n = \(n), precision \(precision)")
                let counted = x.withUnsafeBufferPointer { RadixSort.countingSorted($0) }
                #expect((counted != nil) == (precision == 0 || x.allSatisfy { Float($0).bitPattern & 0xFFFF == 0 }), "n = \(n), precision \(precision)")
            }
        }
    }

    @Test func logBinTableEqualsItsFormula() {
        let t = LogBinTable.weibull
        var r = Stream(s: 0xD1B5_4A32_D192_ED03)
        var checked = 0
        // Values spread over every decade the bins cover and beyond, and the bit patterns either
        // side of each bin edge.
        for _ in 0..<200_000 {
            let w = (r.uniform() < 0.5 ? -1.0 : 1.0) * pow(10, -16 + 20 * r.uniform())
            #expect(t.bin(w) == LogBinTable.formula(Float(w), lo: t.lo, width: t.width, bins: t.bins))
            checked += 1
        }
        for b in 1..<t.bins {
            let edge = Float(pow(10, t.lo + Double(b) * t.width))
            for d in -3...3 {
                let f = Float(bitPattern: UInt32(Int(edge.bitPattern) + d))
                #expect(t.bin(Double(f)) == LogBinTable.formula(f, lo: t.lo, width: t.width, bins: t.bins), "near edge \(b)")
                checked += 1
            }
        }
        for w in [0.0, -0.0, 1e-300, 1e-13, 99.99, 1e30, 1e300, Double(Float.greatestFiniteMagnitude)] {
            #expect(t.bin(w) == LogBinTable.formula(Float(w), lo: t.lo, width: t.width, bins: t.bins), "\(w)")
        }
        #expect(checked > 200_000)
    }
}
