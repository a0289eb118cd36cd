/// Least-significant-digit radix sort of doubles, for the sorted copy the normality tests and
/// filters need (several times faster than a comparison sort on tens of millions of values).
///
/// ```
/// key(x) = bits(x) XOR (x < 0 ? all ones : sign bit)   unsigned key order = numeric order
/// values that are all exactly bfloat16 (the low 16 bits of Float(x) zero): a counting sort on
///   the top 16 bits of the 32-bit key (65 536 counts, one pass to count, one to write)
/// values that are all exactly single precision (every f32/f16 tensor): 32-bit keys of
///   Float(x), 3 passes of 11 bits; otherwise 64-bit keys, 6 passes of 11 bits
/// a pass is skipped when every key shares its digit; stable
/// ```
/// −0 sorts just before +0; NaN must not be present (callers pass finite values).
enum RadixSort {
    static let bits = 11
    static let buckets = 1 << bits

    static func sorted(_ x: UnsafeBufferPointer<Double>) -> [Double] {
        let n = x.count
        // An empty result is a plain [] (the uninitialized-capacity initializer writes the count into the
        // shared empty-array storage even for 0, a benign race that ThreadSanitizer reports).
        guard n > 0 else { return [] }
        if let out = countingSorted(x) { return out }
        var out = [Double](unsafeUninitializedCapacity: n) { _, initialized in initialized = n }
        // Single-precision keys when every value round-trips through Float. The 2n UInt32 of the
        // output's storage hold the keys (first half) and the scratch (second half), so the sort
        // needs no memory beyond its result; the sorted keys are then widened into place: from the
        // back when they sit in the first half, from the front when in the second (either way a
        // Double overwrites only keys already read).
        let single = out.withUnsafeMutableBufferPointer { o in
            o.withMemoryRebound(to: UInt32.self) { halves -> Bool in
                let keys = UnsafeMutableBufferPointer(rebasing: halves[0..<n])
                for i in 0..<n {
                    let f = Float(x[i])
                    guard Double(f) == x[i] else { return false }
                    let b = f.bitPattern
                    keys[i] = (b >> 31) == 1 ? ~b : b | (1 << 31)
                }
                let sorted = passes(keys, passes: 3, scratch: UnsafeMutableBufferPointer(rebasing: halves[n..<(2 * n)]))
                let raw = UnsafeMutableRawPointer(halves.baseAddress!)
                @inline(__always) func widen(_ i: Int) {
                    let key = sorted[i]
                    raw.storeBytes(of: Double(Float(bitPattern: (key >> 31) == 1 ? key & ~(1 << 31) : ~key)), toByteOffset: 8 * i, as: Double.self)
                }
                if sorted.baseAddress == keys.baseAddress {
                    for i in stride(from: n - 1, through: 0, by: -1) { widen(i) }
                } else {
                    for i in 0..<n { widen(i) }
                }
                return true
            }
        }
        if single { return out }
        out.withUnsafeMutableBufferPointer { o in
            o.withMemoryRebound(to: UInt64.self) { a in
                for i in 0..<n {
                    let b = x[i].bitPattern
                    a[i] = (b >> 63) == 1 ? ~b : b | (1 << 63)
                }
                let scratch = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: n)
                defer { scratch.deallocate() }
                let sortedKeys = passes(a, passes: 6, scratch: scratch)
                for i in 0..<n {
                    let key = sortedKeys[i]
                    a[i] = (key >> 63) == 1 ? key & ~(1 << 63) : ~key
                }
            }
        }
        return out
    }

    /// The counting sort of values that are all exactly bfloat16, or nil (as soon as one is not).
    /// Equal keys are equal values, so the result is the radix sort's, value for value.
    static func countingSorted(_ x: UnsafeBufferPointer<Double>) -> [Double]? {
        var counts = [Int](repeating: 0, count: 1 << 16)
        let all = counts.withUnsafeMutableBufferPointer { c -> Bool in
            for v in x {
                let f = Float(v)
                let b = f.bitPattern
                guard b & 0xFFFF == 0, Double(f) == v else { return false }
                c[Int(((b >> 31) == 1 ? ~b : b | (1 << 31)) >> 16)] += 1
            }
            return true
        }
        guard all else { return nil }
        return [Double](unsafeUninitializedCapacity: x.count) { out, initialized in
            var i = 0
            for k in counts.indices where counts[k] > 0 {
                // The key's low 16 bits: zero for a positive value, ones for a negative one.
                let key = k >= 1 << 15 ? UInt32(k) << 16 : UInt32(k) << 16 | 0xFFFF
                let v = Double(Float(bitPattern: (key >> 31) == 1 ? key & ~(1 << 31) : ~key))
                for j in i..<(i + counts[k]) { out[j] = v }
                i += counts[k]
            }
            initialized = i
        }
    }

    /// Sorts `keys` by `passes` digits of 11 bits, ping-ponging with `scratch` (as many values);
    /// returns the one of the two that holds the result.
    @_specialize(where K == UInt32)
    @_specialize(where K == UInt64)
    static func passes<K: FixedWidthInteger & UnsignedInteger>(_ keys: UnsafeMutableBufferPointer<K>, passes: Int,
                                                                scratch: UnsafeMutableBufferPointer<K>) -> UnsafeMutableBufferPointer<K> {
        let n = keys.count
        let mask = K(buckets - 1)
        var counts = [Int](repeating: 0, count: passes * buckets)
        for i in 0..<n {
            let key = keys[i]
            for p in 0..<passes { counts[p * buckets + Int(truncatingIfNeeded: (key >> K(p * bits)) & mask)] += 1 }
        }
        precondition(scratch.count >= n, "scratch shorter than the keys")
        var source = keys, target = UnsafeMutableBufferPointer(rebasing: scratch[0..<n])
        var offsets = [Int](repeating: 0, count: buckets)
        for p in 0..<passes {
            let shift = K(p * bits)
            let row = p * buckets
            // Every key has the same digit here: this pass would not move anything.
            if counts[row + Int(truncatingIfNeeded: (source[0] >> shift) & mask)] == n { continue }
            var total = 0
            for d in 0..<buckets { offsets[d] = total; total += counts[row + d] }
            for i in 0..<n {
                let key = source[i]
                let d = Int(truncatingIfNeeded: (key >> shift) & mask)
                target[offsets[d]] = key
                offsets[d] += 1
            }
            swap(&source, &target)
        }
        return source
    }
}
