import GSLKit

/// A uniformly random permutation of a large array that stays in cache: Rao–Sandelius's method
/// (C. R. Rao, Sankhyā 23, 1961; M. Sandelius, Ann. Math. Statist. 33, 1962).
///
/// ```
/// each value i draws a bucket bᵢ uniform on {0, …, B−1} (B = 2^k, k bits of SplitMix64 output)
/// the values are scattered into their buckets in order (a counting pass, then a writing pass)
/// each bucket is shuffled by Fisher–Yates (j = ⌊(i+1)·r/2⁶⁴⌋, Lemire's multiply-shift bound,
///   bias ≤ (i+1)/2⁶⁴)
/// ```
/// Every arrangement is equally likely: a fixed arrangement needs each value in the bucket that
/// holds its final position, and given the bucket sizes each bucket's order is uniform and
/// independent of the others, so the probability is Π(B⁻¹)ⁿ·Π 1/nᵦ!·(multinomial count), the
/// same for every arrangement with those sizes. Fisher–Yates over the whole array makes one random
/// read and write per value across all of it (a cache miss each at tens of millions of values);
/// here the scatter writes B sequential streams and the shuffles run inside a bucket that fits
/// in the L2 cache.
enum ScatterShuffle {
    /// Values per bucket aimed at: 2¹⁵ four-byte values (128 KiB) fit a core's L2.
    static let bucketTarget = 1 << 15

    /// The values of `x` converted to `T`, in a uniformly random order determined by `seed`.
    /// - Parameter bucketBits: log₂ of the bucket count (nil: enough buckets for about
    ///   ``bucketTarget`` values each, at most 2¹⁰; 0 is plain Fisher–Yates).
    static func permuted<T: BinaryFloatingPoint>(_ x: UnsafeBufferPointer<Double>, as _: T.Type, seed: UInt64,
                                                 bucketBits: Int? = nil) -> [T] {
        let n = x.count
        let bits = bucketBits ?? Swift.min(10, Swift.max(0, (n / bucketTarget).bitWidth - (n / bucketTarget).leadingZeroBitCount))
        precondition((0...16).contains(bits), "bucket bits must lie in 0...16")
        var random = SplitMix64(seed: seed)
        return [T](unsafeUninitializedCapacity: n) { out, initialised in
            initialised = n
            guard bits > 0 else {
                for i in 0..<n { out[i] = T(x[i]) }
                shuffle(out, &random)
                return
            }
            let buckets = 1 << bits
            let perDraw = 64 / bits
            // The bucket of each value: `perDraw` of them from each 64-bit draw, top bits first.
            // The counting pass and the writing pass replay the same stream.
            func forEachBucket(_ body: (Int, Int) -> Void) {
                var stream = random
                var i = 0
                while i < n {
                    var r = stream.next()
                    for _ in 0..<Swift.min(perDraw, n - i) {
                        body(i, Int(truncatingIfNeeded: r >> UInt64(64 - bits)))
                        r <<= UInt64(bits)
                        i += 1
                    }
                }
                random = stream
            }
            let offsets = UnsafeMutableBufferPointer<Int>.allocate(capacity: buckets + 1)
            defer { offsets.deallocate() }
            offsets.initialize(repeating: 0)
            let start = random
            forEachBucket { _, b in offsets[b + 1] &+= 1 }
            for b in 0..<buckets { offsets[b + 1] &+= offsets[b] }
            let ends = Array(offsets[1...])
            random = start
            forEachBucket { i, b in
                out[offsets[b]] = T(x[i])
                offsets[b] &+= 1
            }
            var lower = 0
            for end in ends {
                shuffle(UnsafeMutableBufferPointer(rebasing: out[lower..<end]), &random)
                lower = end
            }
        }
    }

    /// Fisher–Yates over `b` from its end, the targets drawn a batch ahead of the swaps so that
    /// the random reads of a batch overlap.
    static func shuffle<T>(_ b: UnsafeMutableBufferPointer<T>, _ random: inout SplitMix64) {
        guard let base = b.baseAddress else { return }
        withUnsafeTemporaryAllocation(of: Int.self, capacity: 1024) { targets in
            var i = b.count - 1
            while i > 0 {
                let k = Swift.min(targets.count, i)
                for t in 0..<k { targets[t] = Int(UInt64(i - t + 1).multipliedFullWidth(by: random.next()).high) }
                for t in 0..<k {
                    let a = i - t, j = targets[t]
                    let v = base[a]
                    base[a] = base[j]
                    base[j] = v
                }
                i -= k
            }
        }
    }
}
