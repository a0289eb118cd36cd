import Foundation
import TensorIO

/// The counts of every 16-bit pattern in a tensor of 16-bit floats (bf16 or f16): 65 536 bins,
/// one per representable value, so that every moment statistic of the tensor follows exactly from
/// the counts, in one pass over the stored bytes and without widening them into a copy.
///
/// ```
/// c_b = #{i : bits(x_i) = b},  b = 0 … 65535            (integer counts: exact, in any order)
/// n = Σ_{b finite} c_b,  mean = Σ c_b·v_b / n,  m_k = Σ c_b·(v_b − mean)^k / n   (k = 2, 3, 4)
/// counts of zeros, of v > mean, v < mean, |v − mean| > 3σ, |v| < threshold: Σ c_b over the bins
/// ```
/// where v_b is the bin's value in double precision (exact). Counting is the only pass over the
/// data: fixed chunks of ``chunkSize`` values go to the workers in turn, each with its own
/// histogram, and the integer sums do not depend on the split, so the result is the same for any
/// number of workers. The sums over the bins (at most 65 536 terms) are compensated (Neumaier),
/// so mean and m_k carry a relative error of a few ulps of Double, at least as accurate as the
/// three-pass scan of the decoded values. NaN and ±∞ bins are counted and excluded.
///
/// Complexity: O(n) increments (about 1 ns each), O(65 536 · workers) memory and final work.
struct HalfPrecisionHistogram {
    /// counts[b]: occurrences of bit pattern b.
    var counts: [UInt64]

    /// Values per chunk handed to one worker (2 MB of bf16).
    static let chunkSize = 1 << 20

    /// Counts the `count` little-endian 16-bit patterns in `raw` with up to `workers` threads.
    static func count(_ raw: UnsafeRawBufferPointer, count n: Int, workers: Int) -> HalfPrecisionHistogram {
        precondition(raw.count >= 2 * n, "fewer bytes than values")
        let chunks = (n + chunkSize - 1) / chunkSize
        let w = Swift.max(1, Swift.min(workers, chunks))
        let bins = 1 << 16
        let totals = UnsafeMutablePointer<UInt64>.allocate(capacity: w * bins)
        totals.initialize(repeating: 0, count: w * bins)
        defer { totals.deallocate() }
        let shared = Buffers(raw: raw, totals: totals)
        ParallelLoop.workers(count: w) { worker in
            // 32-bit counts (cache-friendly) are added to the 64-bit totals every 2^31 values.
            let local = UnsafeMutablePointer<UInt32>.allocate(capacity: bins)
            local.initialize(repeating: 0, count: bins)
            defer { local.deallocate() }
            let total = shared.totals + worker * bins
            var pending = 0
            func flush() {
                for b in 0..<bins { total[b] &+= UInt64(local[b]) }
                local.update(repeating: 0, count: bins)
                pending = 0
            }
            for c in stride(from: worker, to: chunks, by: w) {
                let start = c * chunkSize, end = Swift.min(n, start + chunkSize)
                tally(shared.raw, start..<end, into: local)
                pending += end - start
                if pending >= 1 << 31 { flush() }
            }
            flush()
        }
        var counts = [UInt64](repeating: 0, count: bins)
        for k in 0..<w { for b in 0..<bins { counts[b] &+= totals[k * bins + b] } }
        return HalfPrecisionHistogram(counts: counts)
    }

    /// Adds the patterns of values `range` to `h`: aligned loads when the bytes allow, else bytewise.
    private static func tally(_ raw: UnsafeRawBufferPointer, _ range: Range<Int>, into h: UnsafeMutablePointer<UInt32>) {
        guard let base = raw.baseAddress else { return }
        if Int(bitPattern: base) % 2 == 0 {
            let p = base.assumingMemoryBound(to: UInt16.self)
            for i in range { h[Int(UInt16(littleEndian: p[i]))] &+= 1 }
        } else {
            let b = base.assumingMemoryBound(to: UInt8.self)
            for i in range { h[Int(b[2 * i]) | Int(b[2 * i + 1]) << 8] &+= 1 }
        }
    }

    /// Pointers the workers share: each writes only its own slice of `totals`.
    private struct Buffers: @unchecked Sendable {
        let raw: UnsafeRawBufferPointer
        let totals: UnsafeMutablePointer<UInt64>
    }

    /// The moment summary of the finite values (see the type's description), with the NaN and
    /// ±∞ counts; `value` decodes a bit pattern.
    /// - Throws: ``AnalysisError/notEnoughData(n:needed:)`` for fewer than 8 finite values,
    ///   ``AnalysisError/constant(value:)`` when every finite value is the same.
    func summary(value: (UInt16) -> Double) throws(AnalysisError) -> MomentSummary {
        var bins: [(v: Double, c: Double)] = []
        var n = 0, nan = 0, inf = 0
        var lo = Double.infinity, hi = -Double.infinity
        for (b, c) in counts.enumerated() where c > 0 {
            let v = value(UInt16(b))
            if v.isNaN { nan += Int(c) } else if v.isInfinite { inf += Int(c) } else {
                n += Int(c)
                bins.append((v, Double(c)))
                lo = Swift.min(lo, v)
                hi = Swift.max(hi, v)
            }
        }
        guard n >= 8 else { throw .notEnoughData(n: n, needed: 8) }
        guard lo < hi else { throw .constant(value: lo) }
        let nd = Double(n)
        let mean = Self.sum(bins) { $0.c * $0.v } / nd
        let m2 = Self.sum(bins) { let d = $0.v - mean; return $0.c * d * d } / nd
        let m3 = Self.sum(bins) { let d = $0.v - mean; return $0.c * d * d * d } / nd
        let m4 = Self.sum(bins) { let d = $0.v - mean; return $0.c * (d * d) * (d * d) } / nd
        let sd = m2.squareRoot()
        guard sd > 0 else { throw .constant(value: mean) }
        let threshold = 1e-6 * sd
        func tally(_ keep: (Double) -> Bool) -> Int { Int(bins.reduce(0.0) { keep($1.v) ? $0 + $1.c : $0 }) }
        return MomentSummary.assemble(
            count: n, nanCount: nan, infCount: inf, mean: mean, m2: m2, m3: m3, m4: m4, min: lo, max: hi,
            zeros: tally { $0 == 0 }, above: tally { $0 - mean > 0 }, below: tally { $0 - mean < 0 },
            tail: tally { Swift.abs($0 - mean) > 3 * sd }, small: tally { Swift.abs($0) < threshold }, smallThreshold: threshold)
    }

    /// Σ term(bin) with Neumaier's compensation: the error is O(ε) of Σ|term|, not O(bins·ε).
    private static func sum(_ bins: [(v: Double, c: Double)], _ term: ((v: Double, c: Double)) -> Double) -> Double {
        var s = 0.0, compensation = 0.0
        for bin in bins {
            let x = term(bin), t = s + x
            compensation += Swift.abs(s) >= Swift.abs(x) ? (s - t) + x : (x - t) + s
            s = t
        }
        return s + compensation
    }
}
