import TensorIO

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
/// Values that are all exactly single precision come back as Float (`.single`: half the memory
/// of the sorted copy, and Double(v) gives back each value exactly); others as Double.
/// −0 sorts just before +0; NaN must not be present (callers pass finite values).
enum RadixSort {
    static let bits = 11
    static let buckets = 1 << bits

    static func sorted(_ x: UnsafeBufferPointer<Double>) -> TensorValues {
        // An empty result is a plain [] (the uninitialized-capacity initializer writes the count into the
        // shared empty-array storage even for 0, a benign race that ThreadSanitizer reports).
        guard !x.isEmpty else { return .single([]) }
        if let out = countingSorted(x) { return .single(out) }
        if let out = singleSorted(x) { return .single(out) }
        return .double(doubleSorted(x))
    }

    /// The counting sort of values that are all exactly bfloat16, or nil (as soon as one is not).
    /// Equal keys are equal values, so the result is the radix sort's, value for value.
    static func countingSorted(_ x: UnsafeBufferPointer<Double>) -> [Float]? {
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
        return [Float](unsafeUninitializedCapacity: x.count) { out, initialized in
            var i = 0
            for k in counts.indices where counts[k] > 0 {
                // The key's low 16 bits: zero for a positive value, ones for a negative one.
                let v = value(k >= 1 << 15 ? UInt32(k) << 16 : UInt32(k) << 16 | 0xFFFF)
                for j in i..<(i + counts[k]) { out[j] = v }
                i += counts[k]
            }
            initialized = i
        }
    }

    /// 32-bit keys when every value round-trips through Float, or nil (as soon as one does not).
    /// The keys go to a scratch array with their three digits counted in the same pass, are
    /// sorted between it and the result's storage, and the last pass writes their values.
    static func singleSorted(_ x: UnsafeBufferPointer<Double>) -> [Float]? {
        let n = x.count
        let scratch = UnsafeMutableBufferPointer<UInt32>.allocate(capacity: n)
        defer { scratch.deallocate() }
        let counts = UnsafeMutableBufferPointer<Int>.allocate(capacity: 3 * buckets)
        defer { counts.deallocate() }
        counts.initialize(repeating: 0)
        let mask = UInt32(buckets - 1)
        for i in 0..<n {
            let f = Float(x[i])
            guard Double(f) == x[i] else { return nil }
            let b = f.bitPattern
            let key = (b >> 31) == 1 ? ~b : b | (1 << 31)
            scratch[i] = key
            counts[Int(key & mask)] &+= 1
            counts[buckets + Int((key >> UInt32(bits)) & mask)] &+= 1
            counts[2 * buckets + Int(key >> UInt32(2 * bits))] &+= 1
        }
        return [Float](unsafeUninitializedCapacity: n) { o, initialized in
            o.withMemoryRebound(to: UInt32.self) { out in
                // The two low digits, then the top digit's pass writes each key's value.
                let sorted = passes(scratch, passes: 2, scratch: out, counts: counts)
                let target = sorted.baseAddress == out.baseAddress ? scratch : out
                let offsets = UnsafeMutableBufferPointer<Int>.allocate(capacity: buckets)
                defer { offsets.deallocate() }
                var total = 0
                for d in 0..<buckets { offsets[d] = total; total &+= counts[2 * buckets + d] }
                for i in 0..<n {
                    let key = sorted[i]
                    let d = Int(truncatingIfNeeded: key >> UInt32(2 * bits))
                    target[offsets[d]] = value(key).bitPattern
                    offsets[d] &+= 1
                }
                // Only when one low pass was skipped (every key sharing that digit) is the
                // result in the scratch array.
                if target.baseAddress != out.baseAddress { for i in 0..<n { out[i] = target[i] } }
            }
            initialized = n
        }
    }

    /// 64-bit keys, 6 passes, for values that are not all single precision.
    static func doubleSorted(_ x: UnsafeBufferPointer<Double>) -> [Double] {
        let n = x.count
        var out = [Double](unsafeUninitializedCapacity: n) { _, initialized in initialized = n }
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

    /// The Float whose 32-bit key is `key`.
    @inline(__always) static func value(_ key: UInt32) -> Float {
        Float(bitPattern: (key >> 31) == 1 ? key & ~(1 << 31) : ~key)
    }

    /// Sorts `keys` by `passes` digits of 11 bits, ping-ponging with `scratch` (as many values);
    /// returns the one of the two that holds the result (`scratch` after an odd number of passes run).
    @_specialize(where K == UInt32)
    @_specialize(where K == UInt64)
    static func passes<K: FixedWidthInteger & UnsignedInteger>(_ keys: UnsafeMutableBufferPointer<K>, passes: Int,
                                                                scratch: UnsafeMutableBufferPointer<K>,
                                                                counts given: UnsafeMutableBufferPointer<Int>? = nil) -> UnsafeMutableBufferPointer<K> {
        let n = keys.count
        let mask = K(buckets - 1)
        precondition(scratch.count >= n, "scratch shorter than the keys")
        // Counts and offsets through raw pointers: no bounds or uniqueness checks in the loops.
        // `given`: each pass's digit counts (passes × buckets), already made by the caller.
        let owned = given == nil ? UnsafeMutableBufferPointer<Int>.allocate(capacity: passes * buckets) : nil
        defer { owned?.deallocate() }
        let counts = given ?? owned!
        if let owned {
            owned.initialize(repeating: 0)
            for i in 0..<n {
                let key = keys[i]
                for p in 0..<passes { owned[p * buckets + Int(truncatingIfNeeded: (key >> K(p * bits)) & mask)] &+= 1 }
            }
        }
        var source = keys, target = UnsafeMutableBufferPointer(rebasing: scratch[0..<n])
        let offsets = UnsafeMutableBufferPointer<Int>.allocate(capacity: buckets)
        defer { offsets.deallocate() }
        for p in 0..<passes {
            let shift = K(p * bits)
            let row = p * buckets
            // Every key has the same digit here: this pass would not move anything.
            if counts[row + Int(truncatingIfNeeded: (source[0] >> shift) & mask)] == n { continue }
            var total = 0
            for d in 0..<buckets { offsets[d] = total; total &+= counts[row + d] }
            for i in 0..<n {
                let key = source[i]
                let d = Int(truncatingIfNeeded: (key >> shift) & mask)
                target[offsets[d]] = key
                offsets[d] &+= 1
            }
            swap(&source, &target)
        }
        return source
    }
}
