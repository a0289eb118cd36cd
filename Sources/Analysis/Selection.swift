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
    /// From 2048 values on, two pivots bracket the median (after Floyd and Rivest): they are the
    /// values of ranks c ∓ 2√s in an evenly strided sample of s = 2n^{2/3} values, c = s/2 (the
    /// sample rank of the median has SD √s/2, so each pivot misses with probability about 3·10⁻⁵);
    /// one branch-free pass counts the values below the lower pivot and gathers those between the
    /// pivots (about 4n/√s of them), and the median is selected among those. When the bracket
    /// misses, the whole copy is selected as before. Either way the value is the one a sort puts at
    /// that rank; quickselect's mispredicted branches are paid on a fifth of the values.
    static func median(of x: UnsafeBufferPointer<Double>, scratch: UnsafeMutableBufferPointer<Double>) -> Double {
        let n = x.count
        precondition(n > 0 && scratch.count >= n, "median of no values, or scratch too small")
        let upperRank = n / 2, lowerRank = (n - 1) / 2
        if n >= 2048 {
            let s = Swift.min(n, Int(2 * pow(Double(n), 2.0 / 3.0)))
            for i in 0..<s { scratch[i] = x[i * n / s] }
            let sample = UnsafeMutableBufferPointer(rebasing: scratch[0..<s])
            let centre = Double(s) / 2, spread = 2 * Double(s).squareRoot()
            let lo = select(sample, rank: Swift.max(0, Int(centre - spread)))
            let hi = select(sample, rank: Swift.min(s - 1, Int(centre + spread)))
            var below = 0, kept = 0
            for i in 0..<n {
                // Arithmetic on the two comparisons, no branch (lo ≤ hi: at most one is 1).
                let v = x[i]
                let under = v < lo ? 1 : 0, over = v > hi ? 1 : 0
                below &+= under
                scratch[kept] = v
                kept &+= 1 &- under &- over
            }
            if below <= lowerRank && upperRank < below + kept {
                let middle = UnsafeMutableBufferPointer(rebasing: scratch[0..<kept])
                let upper = select(middle, rank: upperRank - below)
                guard lowerRank < upperRank else { return upper }
                var lower = middle[0]
                for i in 1..<(upperRank - below) where middle[i] > lower { lower = middle[i] }
                return 0.5 * (lower + upper)
            }
        }
        for i in 0..<n { scratch[i] = x[i] }
        return median(UnsafeMutableBufferPointer(rebasing: scratch[0..<n]))
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
