/// Least-significant-digit radix sort of doubles, for the sorted copy the normality tests and
/// filters need (several times faster than a comparison sort on tens of millions of values).
///
/// ```
/// key(x) = bits(x) XOR (x < 0 ? 0xFFFF…FFFF : 0x8000…0000)   unsigned key order = numeric order
/// 6 passes of 11-bit digits (a pass is skipped when every key shares its digit), stable
/// ```
/// −0 sorts just before +0; NaN must not be present (callers pass finite values).
enum RadixSort {
    static func sorted(_ x: UnsafeBufferPointer<Double>) -> [Double] {
        let n = x.count
        let bits = 11, buckets = 1 << bits, passes = 6
        var out = [Double](unsafeUninitializedCapacity: n) { _, initialized in initialized = n }
        var scratch = [UInt64](unsafeUninitializedCapacity: n) { _, initialized in initialized = n }
        var counts = [Int](repeating: 0, count: passes * buckets)
        out.withUnsafeMutableBufferPointer { o in
            o.withMemoryRebound(to: UInt64.self) { a in
                for i in 0..<n {
                    let b = x[i].bitPattern
                    let key = (b >> 63) == 1 ? ~b : b | (1 << 63)
                    a[i] = key
                    for p in 0..<passes { counts[p * buckets + Int((key >> UInt64(p * bits)) & UInt64(buckets - 1))] += 1 }
                }
                scratch.withUnsafeMutableBufferPointer { b in
                    var source = a, target = b
                    for p in 0..<passes {
                        let shift = UInt64(p * bits)
                        let row = p * buckets
                        // Every key has the same digit here: this pass would not move anything.
                        if counts[row + Int((source[0] >> shift) & UInt64(buckets - 1))] == n { continue }
                        var offsets = [Int](repeating: 0, count: buckets)
                        var total = 0
                        for d in 0..<buckets { offsets[d] = total; total += counts[row + d] }
                        for i in 0..<n {
                            let key = source[i]
                            let d = Int((key >> shift) & UInt64(buckets - 1))
                            target[offsets[d]] = key
                            offsets[d] += 1
                        }
                        swap(&source, &target)
                    }
                    if source.baseAddress != a.baseAddress { a.baseAddress!.update(from: source.baseAddress!, count: n) }
                }
                for i in 0..<n {
                    let key = a[i]
                    a[i] = (key >> 63) == 1 ? key & ~(1 << 63) : ~key
                }
            }
        }
        return out
    }
}
