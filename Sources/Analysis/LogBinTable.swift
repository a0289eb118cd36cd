import Foundation

/// The bin of the Weibull probability plot (``WeibullFit``) that a value falls in, without a
/// logarithm per value:
/// ```
/// bin(w) = clamp(⌊(log10 a − lo)/width⌋, 0, bins − 1),   a = max(Float(|w|), 10⁻¹³)
/// ```
/// a is a single-precision value, so the table has one cell per top 16 bits of its bit pattern
/// (sign, exponent, 7 mantissa bits: a relative span of 2⁻⁷, under a third of a bin's width
/// 14/1024 in log10). Each cell holds the bin of its first value and, where a bin edge falls
/// inside it, the bit pattern at which the next bin starts, found by bisection with the formula
/// itself: so the table gives exactly the formula's bin (bin(a) is non-decreasing in a). A cell
/// that spans more than one edge, which the bin width rules out, falls back to the formula.
struct LogBinTable: Sendable {
    static let weibull = LogBinTable(lo: -12, hi: 2, bins: 1024)

    let lo: Double, width: Double, bins: Int
    private let first: [UInt16]
    private let edge: [UInt32]
    private static let noEdge = UInt32.max, direct = UInt32.max - 1

    init(lo: Double, hi: Double, bins: Int) {
        self.lo = lo
        self.width = (hi - lo) / Double(bins)
        self.bins = bins
        let cells = 1 << 15   // non-negative bit patterns >> 16, infinity and NaN included
        var first = [UInt16](repeating: 0, count: cells), edge = [UInt32](repeating: Self.noEdge, count: cells)
        let formula = { (bits: UInt32) -> Int in Self.formula(Float(bitPattern: bits), lo: lo, width: (hi - lo) / Double(bins), bins: bins) }
        for c in 0..<cells {
            let start = UInt32(c) << 16, end = start | 0xFFFF
            let a = formula(start), b = formula(end)
            first[c] = UInt16(a)
            if b == a { continue }
            guard b == a + 1 else { edge[c] = Self.direct; continue }
            var l = start, h = end   // formula(l) == a, formula(h) == b
            while h - l > 1 {
                let m = l + (h - l) / 2
                if formula(m) == a { l = m } else { h = m }
            }
            edge[c] = h
        }
        self.first = first
        self.edge = edge
    }

    /// The formula itself (non-finite a, from infinities, goes to the last bin).
    static func formula(_ f: Float, lo: Double, width: Double, bins: Int) -> Int {
        let a = Swift.max(Double(Swift.abs(f)), 1e-13)
        guard a.isFinite else { return bins - 1 }
        let b = (log10(a) - lo) / width
        return b < 0 ? 0 : b >= Double(bins - 1) ? bins - 1 : Int(b)
    }

    /// The bin of w (finite).
    @inline(__always)
    func bin(_ w: Double) -> Int {
        let bits = Swift.abs(Float(w)).bitPattern
        let c = Int(bits >> 16)
        let e = edge[c]
        if e == Self.noEdge { return Int(first[c]) }
        if e == Self.direct { return Self.formula(Float(bitPattern: bits), lo: lo, width: width, bins: bins) }
        return Int(first[c]) + (bits >= e ? 1 : 0)
    }
}
