import Foundation

/// Order statistics without a full sort: the median of n values in O(n) expected time.
///
/// ```
/// median = x₍ₙ/₂₎ (n odd, 0-based), ½(x₍ₙ/₂₋₁₎ + x₍ₙ/₂₎) (n even)
/// quickselect with a median-of-three pivot and a three-way partition in two branch-free passes;
/// after 2·log₂ n rounds without reaching the rank, the remaining range is sorted (introselect:
/// O(n log n) worst case, so crafted input cannot make it quadratic)
/// ```
/// The value selected is exactly the one a sort would put at that rank, so results equal a sort's
/// bit for bit. Values must be finite (no NaN).
enum Selection {
    /// The median of `x`, whose elements are reordered.
    static func median(_ x: UnsafeMutableBufferPointer<Double>) -> Double {
        let n = x.count
        precondition(n > 0, "median of no values")
        let upper = select(x, rank: n / 2)
        guard n % 2 == 0 else { return upper }
        // After selection every element before n/2 is ≤ x[n/2]: the lower middle is their maximum.
        var lower = x[0]
        for i in 1..<(n / 2) where x[i] > lower { lower = x[i] }
        return 0.5 * (lower + upper)
    }

    /// The median of a copy of `x` (left unchanged).
    static func median(of x: UnsafeBufferPointer<Double>) -> Double {
        let scratch = UnsafeMutableBufferPointer<Double>.allocate(capacity: x.count)
        defer { scratch.deallocate() }
        return median(of: x, scratch: scratch)
    }

    /// The median of `x` (left unchanged), with `scratch` (at least `x.count` values) as work space.
    ///
    /// From 64 values on, by buckets first: one pass counts the values per ``bucket(_:)`` (a
    /// monotone map, so every value of a lower bucket is ≤ every value of a higher one), the
    /// counts' prefix sums name the buckets holding ranks ⌊(n−1)/2⌋ and ⌊n/2⌋, and a second,
    /// branch-free pass gathers the values of those buckets (for values spread over a few octaves,
    /// a small fraction), among which the median is selected. The value is the one a sort puts at
    /// that rank; quickselect's mispredicted branches are paid only on the gathered values.
    static func median(of x: UnsafeBufferPointer<Double>, scratch: UnsafeMutableBufferPointer<Double>) -> Double {
        let n = x.count
        precondition(n > 0 && scratch.count >= n, "median of no values, or scratch too small")
        let upperRank = n / 2, lowerRank = (n - 1) / 2
        guard n >= 64 else {
            for i in 0..<n { scratch[i] = x[i] }
            return median(UnsafeMutableBufferPointer(rebasing: scratch[0..<n]))
        }
        let (below, kept) = gather(x, ranks: lowerRank...upperRank, into: scratch)
        let middle = UnsafeMutableBufferPointer(rebasing: scratch[0..<kept])
        let upper = select(middle, rank: upperRank - below)
        guard lowerRank < upperRank else { return upper }
        // Every gathered value before the upper rank is ≤ it: the lower middle is their maximum.
        var lower = middle[0]
        for i in 1..<(upperRank - below) where middle[i] > lower { lower = middle[i] }
        return 0.5 * (lower + upper)
    }

    /// The `count` largest |xᵢ| in ascending order, by the same buckets as
    /// ``median(of:scratch:)``: the magnitudes of the buckets at and above the one holding rank
    /// n − count are gathered, the rank selected among them and the part above it sorted.
    static func largestMagnitudes(_ x: UnsafeBufferPointer<Double>, count k: Int) -> [Double] {
        let n = x.count
        precondition(k > 0 && k <= n, "largest \(k) of \(n) values")
        var counts = [Int](repeating: 0, count: bucketCount)
        for v in x { counts[bucket(Swift.abs(v))] &+= 1 }
        // The bucket holding rank n − k: every value of a higher bucket is among the k largest.
        var cut = bucketCount - 1, above = counts[cut]
        while above < k { cut -= 1; above += counts[cut] }
        // One slot more: the branch-free pass writes each value before deciding to keep it.
        var top = [Double](repeating: 0, count: above + 1)
        var kept = 0
        top.withUnsafeMutableBufferPointer { t in
            for v in x {
                let a = Swift.abs(v)
                t[kept] = a
                kept &+= bucket(a) >= cut ? 1 : 0
            }
            _ = select(UnsafeMutableBufferPointer(rebasing: t[0..<above]), rank: above - k)
            var tail = UnsafeMutableBufferPointer(rebasing: t[(above - k)..<above])
            tail.sort()
        }
        return Array(top[(above - k)..<above])
    }

    /// Counts the values per bucket, then copies those of the buckets holding `ranks` to the
    /// front of `scratch`: returns how many values lie below them and how many were copied
    /// (which hold ranks below ..< below + kept of `x`).
    private static func gather(_ x: UnsafeBufferPointer<Double>, ranks: ClosedRange<Int>,
                               into scratch: UnsafeMutableBufferPointer<Double>) -> (below: Int, kept: Int) {
        precondition(x.count < Int(Int32.max), "more values than 32-bit bucket counts hold")
        return withUnsafeTemporaryAllocation(of: Int32.self, capacity: bucketCount) { counts in
            counts.initialize(repeating: 0)
            // The lowest occupied bucket: the prefix sums start there (values near zero of either
            // sign sit mid-range, past hundreds of empty buckets).
            var low = bucketCount
            for v in x {
                let b = bucket(v)
                counts[b] &+= 1
                low = Swift.min(low, b)
            }
            var first = -1, last = bucketCount - 1, below = 0, total = 0
            for b in low..<bucketCount {
                let next = total + Int(counts[b])
                if first < 0 && next > ranks.lowerBound { first = b; below = total }
                if next > ranks.upperBound { last = b; break }
                total = next
            }
            var kept = 0
            let width = UInt(last - first)
            for v in x {
                scratch[kept] = v
                kept &+= UInt(bitPattern: bucket(v) &- first) <= width ? 1 : 0
            }
            return (below, kept)
        }
    }

    /// Buckets of the order-preserving 32-bit key of Float(v): sign, exponent and the first
    /// mantissa bit (half-octave buckets). Rounding to Float is monotone, so v < u gives
    /// bucket(v) ≤ bucket(u); the two zeros fall either side of the middle, as equal values may.
    static let bucketCount = 1024

    @inline(__always)
    static func bucket(_ v: Double) -> Int {
        let bits = Float(v).bitPattern
        // Negative: all bits flipped; positive: the sign bit set.
        let flip = UInt32(bitPattern: Int32(bitPattern: bits) >> 31) | 0x8000_0000
        return Int((bits ^ flip) >> 22)
    }

    /// Reorders `x` so that x[rank] is the value of that rank, everything before it ≤ it and
    /// everything after it ≥ it; returns x[rank].
    static func select(_ x: UnsafeMutableBufferPointer<Double>, rank: Int) -> Double {
        var lo = 0, hi = x.count - 1
        var budget = 2 * (Int.bitWidth - x.count.leadingZeroBitCount) + 2
        while lo < hi {
            if budget == 0 {
                var rest = UnsafeMutableBufferPointer(rebasing: x[lo...hi])
                rest.sort()
                break
            }
            budget -= 1
            let mid = lo + (hi - lo) / 2
            let pivot = medianOfThree(x[lo], x[mid], x[hi])
            // Two branch-free passes (Lomuto's, with the swap always made and the boundary moved
            // by the comparison): [lo, lt) < pivot, then within the rest [lt, le) == pivot and
            // [le, hi] > pivot. The second pass runs only when the rank is not below lt.
            let lt = partition(x, lo, hi) { $0 < pivot }
            if rank < lt { hi = lt - 1; continue }
            let le = partition(x, lt, hi) { $0 <= pivot }
            if rank < le { break }
            lo = le
        }
        return x[rank]
    }

    /// Moves the values of x[lo...hi] for which `before` holds to the front, in one pass without
    /// a data-dependent branch; returns the index of the first value for which it does not.
    @inline(__always)
    private static func partition(_ x: UnsafeMutableBufferPointer<Double>, _ lo: Int, _ hi: Int, _ before: (Double) -> Bool) -> Int {
        var boundary = lo
        for i in lo...hi {
            let v = x[i]
            x[i] = x[boundary]
            x[boundary] = v
            boundary &+= before(v) ? 1 : 0
        }
        return boundary
    }

    private static func medianOfThree(_ a: Double, _ b: Double, _ c: Double) -> Double {
        Swift.max(Swift.min(a, b), Swift.min(Swift.max(a, b), c))
    }
}
