import Foundation

extension UnsafeBufferPointer where Element == Double {
    /// The values for which `keep` holds, in order, in one allocation of the exact size: one
    /// pass counts them, a second copies them. `filter` grows its array by doubling instead,
    /// which for a tensor of n values touches and copies about 2n fresh values more.
    func kept(where keep: (Double) -> Bool) -> [Double] {
        var count = 0
        for v in self where keep(v) { count += 1 }
        return [Double](unsafeUninitializedCapacity: count) { out, initialised in
            var k = 0
            for v in self where keep(v) {
                (out.baseAddress! + k).initialize(to: v)
                k += 1
            }
            initialised = k
        }
    }
}
