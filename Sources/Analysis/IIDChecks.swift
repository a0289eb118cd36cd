import Foundation
import GSLKit

/// Are the elements of a matrix identically distributed across rows and columns, and independent
/// of their neighbours?
///
/// ```
/// Brown–Forsythe (Levene with medians): F = ((N − k)/(k − 1))·Σ nᵢ(z̄ᵢ − z̄)² / ΣΣ(zᵢⱼ − z̄ᵢ)²,
///   zᵢⱼ = |xᵢⱼ − medianᵢ|, p from F(k − 1, N − k)   — robust to non-normal but i.i.d. values
/// variance ratio = var(row variances) / E_iid[var(sample variance)],
///   E_iid = (μ₄ − σ⁴(n − 3)/(n − 1))/n   (≈ 1 under i.i.d. whatever the law)
/// lag-1 correlation along rows (xᵢ,ⱼ with xᵢ,ⱼ₊₁) and columns; z = r·√(pairs)
/// ```
public struct IIDChecks: Sendable, Codable, Equatable {
    public var rowHomogeneity: TestResult
    public var columnHomogeneity: TestResult
    public var rowVarianceRatio: Double
    public var columnVarianceRatio: Double
    public var lag1Row: Double
    public var lag1RowZ: Double
    public var lag1Column: Double
    public var lag1ColumnZ: Double

    enum CodingKeys: String, CodingKey {
        case rowHomogeneity = "row_homogeneity"
        case columnHomogeneity = "column_homogeneity"
        case rowVarianceRatio = "row_variance_ratio"
        case columnVarianceRatio = "column_variance_ratio"
        case lag1Row = "lag1_row"
        case lag1RowZ = "lag1_row_z"
        case lag1Column = "lag1_column"
        case lag1ColumnZ = "lag1_column_z"
    }

    public static func run(_ w: UnsafeBufferPointer<Double>, rows: Int, columns: Int) throws(AnalysisError) -> IIDChecks {
        guard rows >= 2, columns >= 4, w.count == rows * columns else { throw .notEnoughData(n: w.count, needed: 8) }
        let (rowTest, rowRatio) = groups(count: rows, size: columns) { r in UnsafeBufferPointer(rebasing: w[(r * columns)..<((r + 1) * columns)]) }
        // Columns `tile` at a time, gathered into a slab of tile·rows values (the slab stays in
        // cache while it fills) instead of a transposed copy of W.
        let tile = 32
        let slab = UnsafeMutableBufferPointer<Double>.allocate(capacity: tile * rows)
        defer { slab.deallocate() }
        let (colTest, colRatio) = groups(count: columns, size: rows) { c in
            let c0 = c - c % tile, width = Swift.min(tile, columns - c0)
            if c == c0 {
                // Eight rows at a time: each column's eight values go to one cache line of the
                // slab, read from eight rows' stretches that stay in L1 for all the tile's columns.
                for r0 in Swift.stride(from: 0, to: rows, by: 8) {
                    let r1 = Swift.min(r0 + 8, rows)
                    for j in 0..<width {
                        for r in r0..<r1 { slab[j * rows + r] = w[r * columns + c0 + j] }
                    }
                }
            }
            return UnsafeBufferPointer(rebasing: slab[((c - c0) * rows)..<((c - c0 + 1) * rows)])
        }
        let (variance, sr, sc) = lagSums(w, rows: rows, columns: columns)
        let rowPairs = Double(rows * (columns - 1)), colPairs = Double((rows - 1) * columns)
        let n = Double(w.count)
        let lagRow = sr / rowPairs / (variance / n), lagCol = sc / colPairs / (variance / n)
        return IIDChecks(rowHomogeneity: rowTest, columnHomogeneity: colTest, rowVarianceRatio: rowRatio,
                         columnVarianceRatio: colRatio, lag1Row: lagRow, lag1RowZ: lagRow * rowPairs.squareRoot(),
                         lag1Column: lagCol, lag1ColumnZ: lagCol * colPairs.squareRoot())
    }

    /// One pass of Σd², the row-neighbour sum Σ dᵢ,ⱼ·dᵢ,ⱼ₊₁ and the column-neighbour sum
    /// Σ dᵢ,ⱼ·dᵢ₊₁,ⱼ with d = x − x̄, each in four lanes of consecutive columns (SIMD4, added up at
    /// the end), after a pass for x̄.
    static func lagSums(_ w: UnsafeBufferPointer<Double>, rows: Int, columns: Int) -> (Double, Double, Double) {
        guard let p = w.baseAddress else { return (0, 0, 0) }
        let raw = UnsafeRawPointer(p)
        @inline(__always) func load(_ i: Int) -> SIMD4<Double> { raw.loadUnaligned(fromByteOffset: i * 8, as: SIMD4<Double>.self) }
        let n = w.count, quad = n - n % 4
        var total = SIMD4<Double>()
        for i in Swift.stride(from: 0, to: quad, by: 4) { total += load(i) }
        var tail = 0.0
        for i in quad..<n { tail += w[i] }
        let mean = (total.sum() + tail) / Double(n)
        let m = SIMD4<Double>(repeating: mean)
        var s2 = SIMD4<Double>(), sr = SIMD4<Double>(), sc = SIMD4<Double>()
        var t2 = 0.0, tr = 0.0, tc = 0.0
        for r in 0..<rows {
            let row = r * columns, last = r == rows - 1
            var c = 0
            // Four columns at a time while the right neighbour of the fourth is in the row.
            while c + 4 < columns {
                let d = load(row + c) - m, right = load(row + c + 1) - m
                s2 += d * d
                sr += d * right
                if !last { sc += d * (load(row + columns + c) - m) }
                c += 4
            }
            while c < columns {
                let d = w[row + c] - mean
                t2 += d * d
                if c + 1 < columns { tr += d * (w[row + c + 1] - mean) }
                if !last { tc += d * (w[row + columns + c] - mean) }
                c += 1
            }
        }
        return (s2.sum() + t2, sr.sum() + tr, sc.sum() + tc)
    }

    /// (Σ|d|, Σd, Σd², Σd³, Σd⁴) of d = x − c, in four lanes (SIMD4, added up at the end).
    static func powerSums(_ x: UnsafeBufferPointer<Double>, about c: Double) -> (Double, Double, Double, Double, Double) {
        guard let p = x.baseAddress else { return (0, 0, 0, 0, 0) }
        let raw = UnsafeRawPointer(p), n = x.count, quad = n - n % 4
        let center = SIMD4<Double>(repeating: c)
        // |d| lane by lane: the sign bit cleared.
        let signless = SIMD4<UInt64>(repeating: ~(1 << 63))
        var a = SIMD4<Double>(), s1 = SIMD4<Double>(), s2 = SIMD4<Double>(), s3 = SIMD4<Double>(), s4 = SIMD4<Double>()
        for j in Swift.stride(from: 0, to: quad, by: 4) {
            let d = raw.loadUnaligned(fromByteOffset: j * 8, as: SIMD4<Double>.self) - center, d2 = d * d
            a += unsafeBitCast(unsafeBitCast(d, to: SIMD4<UInt64>.self) & signless, to: SIMD4<Double>.self)
            s1 += d; s2 += d2; s3 += d2 * d; s4 += d2 * d2
        }
        var t = (a.sum(), s1.sum(), s2.sum(), s3.sum(), s4.sum())
        for j in quad..<n {
            let d = x[j] - c, d2 = d * d
            t.0 += Swift.abs(d); t.1 += d; t.2 += d2; t.3 += d2 * d; t.4 += d2 * d2
        }
        return t
    }

    /// Brown–Forsythe across `k` groups of `n` values, and the variance ratio; `group(g)` gives
    /// group g's values (contiguous), asked for in order g = 0, 1, … and valid until the next call.
    static func groups(count k: Int, size n: Int, _ group: (Int) -> UnsafeBufferPointer<Double>) -> (TestResult, Double) {
        var zMeans = [Double](repeating: 0, count: k)
        var variances = [Double](repeating: 0, count: k)
        var within = 0.0
        var zAll = 0.0
        var m4Sum = 0.0, m2Sum = 0.0
        let scratch = UnsafeMutableBufferPointer<Double>.allocate(capacity: n)
        defer { scratch.deallocate() }
        for g in 0..<k {
            let x = group(g)
            let median = Selection.median(of: x, scratch: scratch)
            // One pass of power sums of d = x − median (z = |d|), centred afterwards: the shift
            // δ = mean − median is small beside the spread, so nothing cancels.
            let (zs, s1, s2, s3, s4) = powerSums(x, about: median)
            let z2 = s2
            let nd = Double(n), zm = zs / nd, delta = s1 / nd
            // Σ(z − z̄)² = Σz² − n·z̄²;  Σ(d − δ)² and Σ(d − δ)⁴ from the power sums.
            within += Swift.max(z2 - nd * zm * zm, 0)
            let v = Swift.max(s2 - nd * delta * delta, 0)
            let m4 = Swift.max(s4 - 4 * delta * s3 + 6 * delta * delta * s2 - 3 * nd * delta * delta * delta * delta, 0)
            zMeans[g] = zm
            zAll += zs
            variances[g] = v / Double(n - 1)
            m2Sum += v / nd; m4Sum += m4 / nd
        }
        let total = Double(k * n)
        let grand = zAll / total
        let between = zMeans.reduce(0) { $0 + Double(n) * ($1 - grand) * ($1 - grand) }
        let f = (total - Double(k)) / Double(k - 1) * between / Swift.max(within, 1e-300)
        let p = SpecialFunctions.fSF(f, Double(k - 1), total - Double(k))
        // Variance ratio against i.i.d. sampling with the pooled σ² and μ₄.
        let s2 = m2Sum / Double(k), mu4 = m4Sum / Double(k)
        let expected = (mu4 - s2 * s2 * Double(n - 3) / Double(n - 1)) / Double(n)
        let vm = variances.reduce(0, +) / Double(k)
        let observed = variances.reduce(0) { $0 + ($1 - vm) * ($1 - vm) } / Double(k - 1)
        return (TestResult(statistic: f, pValue: p, method: "Brown–Forsythe (Levene, median-centred)"), observed / Swift.max(expected, 1e-300))
    }
}
