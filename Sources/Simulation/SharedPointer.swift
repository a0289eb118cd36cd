/// A pointer that worker threads read, or write in disjoint ranges (every caller partitions the
/// indices, so no two threads touch one element).
struct SharedPointer<T>: @unchecked Sendable {
    let p: UnsafeMutablePointer<T>
    init(_ p: UnsafeMutablePointer<T>) { self.p = p }
    init(_ p: UnsafePointer<T>) { self.p = UnsafeMutablePointer(mutating: p) }
    @inline(__always) subscript(i: Int) -> T {
        get { p[i] }
        nonmutating set { p[i] = newValue }
    }
    @inline(__always) static func + (lhs: SharedPointer, rhs: Int) -> SharedPointer { SharedPointer(lhs.p + rhs) }
}
