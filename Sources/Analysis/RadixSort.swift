/// Least-significant-digit radix sort of doubles, for the sorted copy the normality tests and
/// filters need (several times faster than a comparison sort on tens of millions of values).
///
/// ```
/// key(x) = bits(x) XOR (x < 0 ? all ones : sign bit)   unsigned key order = numeric order
/// values that are all exactly single precision (every f32/f16/bf16 tensor): 32-bit keys of
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
        var out = [Double](unsafeUninitializedCapacity: n) { _, initialized in initialized = n }
        // Single-precision keys when every value round-trips through Float.
        var keys = [UInt32](unsafeUninitializedCapacity: n) { _, initialized in initialized = n }
        let single = keys.withUnsafeMutableBufferPointer { k -> Bool in
            for i in 0..<n {
                let f = Float(x[i])
                guard Double(f) == x[i] else { return false }
                let b = f.bitPattern
                k[i] = (b >> 31) == 1 ? ~b : b | (1 << 31)
            }
            return true
        }
        if single {
            keys.withUnsafeMutableBufferPointer { k in
                let sortedKeys = passes(k, passes: 3)
                out.withUnsafeMutableBufferPointer { o in
                    for i in 0..<n {
                        let key = sortedKeys[i]
                        o[i] = Double(Float(bitPattern: (key >> 31) == 1 ? key & ~(1 << 31) : ~key))
                    }
                }
            }
            return out
        }
        keys = []
        out.withUnsafeMutableBufferPointer { o in
            o.withMemoryRebound(to: UInt64.self) { a in
                for i in 0..<n {
                    let b = x[i].bitPattern
                    a[i] = (b >> 63) == 1 ? ~b : b | (1 << 63)
                }
                let sortedKeys = passes(a, passes: 6)
                for i in 0..<n {
                    let key = sortedKeys[i]
                    a[i] = (key >> 63) == 1 ? key & ~(1 << 63) : ~key
                }
            }
        }
        return out
    }

    /// Sorts `keys` by `passes` digits of 11 bits, ping-ponging with a scratch buffer; returns
    /// the buffer holding the result (`keys` itself, or a copy back into it).
    @_specialize(where K == UInt32)
    @_specialize(where K == UInt64)
    static func passes<K: FixedWidthInteger & UnsignedInteger>(_ keys: UnsafeMutableBufferPointer<K>, passes: Int) -> UnsafeMutableBufferPointer<K> {
        let n = keys.count
        let mask = K(buckets - 1)
        var counts = [Int](repeating: 0, count: passes * buckets)
        for i in 0..<n {
            let key = keys[i]
            for p in 0..<passes { counts[p * buckets + Int(truncatingIfNeeded: (key >> K(p * bits)) & mask)] += 1 }
        }
        let scratch = UnsafeMutableBufferPointer<K>.allocate(capacity: n)
        defer { scratch.deallocate() }
        var source = keys, target = scratch
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
        if source.baseAddress != keys.baseAddress { keys.baseAddress!.update(from: source.baseAddress!, count: n) }
        return keys
    }
}
