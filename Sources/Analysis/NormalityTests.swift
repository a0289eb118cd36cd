import Foundation
import GSLKit
import TensorIO

/// Goodness of fit to the normal with μ and σ estimated from the same data, plus effect sizes.
///
/// With zᵢ the sorted standardised values and Fᵢ = Φ(zᵢ) (``NormalMath``: one exponential per value
/// for Φ and φ, and ln Φ without one in the tails; once per distinct value, so a bf16 tensor of
/// 45M values with some 10⁴ distinct ones costs 10⁴ evaluations):
/// ```
/// KS      D = max(max(i/n − Fᵢ), max(Fᵢ − (i−1)/n))      (ties: evaluated once per distinct value)
///         p: Lilliefors, from a simulated null table of D·(√n − 0.01 + 0.85/√n) (LillieforsTable);
///            p_plain: Kolmogorov's law, as scipy.stats.kstest
/// AD      A² = −n − (1/n)·Σ(2i − 1)[ln Fᵢ + ln(1 − F_{n+1−i})]   (σ with ddof = 1, as scipy.stats.anderson)
///         A*² = A²(1 + 0.75/n + 2.25/n²), p by D'Agostino & Stephens (1986, table 4.9)
/// CvM     W² = 1/(12n) + Σ(Fᵢ − (2i − 1)/(2n))²   (σ with ddof = 0, as scipy.stats.cramervonmises)
///         W*² = W²(1 + 0.5/n), p by Stephens' formulas for estimated parameters
/// JB      n/6·(g₁² + g₂²/4), p = exp(−JB/2) (χ² with 2 degrees of freedom)
/// W₁      ∫|Fₙ(z) − Φ(z)| dz, the Wasserstein-1 distance to the fitted normal in σ units
/// ```
public struct NormalityTests: Sendable, Codable, Equatable {
    public var ks: TestResult
    /// The plain KS p-value (parameters taken as known): far too conservative here, reported only
    /// to match scipy.stats.kstest.
    public var ksPlainPValue: Double
    public var andersonDarling: TestResult
    /// A² before the small-sample correction (scipy.stats.anderson's statistic).
    public var andersonDarlingRaw: Double
    public var cramerVonMises: TestResult
    /// W² before the correction (scipy.stats.cramervonmises's statistic).
    public var cramerVonMisesRaw: Double
    public var jarqueBera: TestResult
    /// Wasserstein-1 distance to the fitted normal, in units of σ.
    public var wasserstein1: Double
    /// Distinct values and what was done about ties.
    public var ties: Ties

    /// Ties in low-precision weights.
    public struct Ties: Sendable, Codable, Equatable {
        public var distinct: Int
        public var distinctFraction: Double
        public var handling: String

        enum CodingKeys: String, CodingKey {
            case distinct
            case distinctFraction = "distinct_fraction"
            case handling
        }
    }

    enum CodingKeys: String, CodingKey {
        case ks
        case ksPlainPValue = "ks_p_value_plain"
        case andersonDarling = "anderson_darling"
        case andersonDarlingRaw = "anderson_darling_a2"
        case cramerVonMises = "cramer_von_mises"
        case cramerVonMisesRaw = "cramer_von_mises_w2"
        case jarqueBera = "jarque_bera"
        case wasserstein1 = "wasserstein_1"
        case ties
    }

    /// Runs every test on `sorted` (ascending, finite) values with the given moments.
    /// - Parameters:
    ///   - mean: the sample mean.
    ///   - std: the sample standard deviation with ddof = 0.
    ///   - skewness, excessKurtosis: the biased sample g₁, g₂ (for Jarque–Bera).
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public static func run<T: WeightScalar>(sorted x: UnsafeBufferPointer<T>, mean: Double, std: Double,
                                            skewness: Double, excessKurtosis: Double) throws(AnalysisError) -> NormalityTests {
        let n = x.count
        guard n >= 8 else { throw .notEnoughData(n: n, needed: 8) }
        guard std > 0 else { throw .constant(value: mean) }
        let nd = Double(n)
        let s1 = std * (nd / (nd - 1)).squareRoot()
        let shared = ParallelLoop.Shared(buffer: x)

        // KS and CvM with σ (ddof 0), W₁ (``ecdfDistances(_:in:mean:std:)``), a chunk per core.
        let parts = ParallelLoop.chunks(count: n) { r in ecdfDistances(shared.buffer, in: r, mean: mean, std: std) }
        let d = parts.map(\.0).max()!
        let w2 = 1 / (12 * nd) + parts.reduce(0) { $0 + $1.1 }
        let firstZ = (Double(x[0]) - mean) * (1 / std)
        let w1 = parts.reduce(0) { $0 + $1.2 } + integralPhi(to: firstZ)

        // AD with σ (ddof 1): Σᵢ (2i+1)·[ln Fᵢ + ln(1 − F₍ₙ₋₁₋ᵢ₎)] regrouped by element,
        // Σⱼ [(2j+1)·ln Fⱼ + (2n−2j−1)·ln(1 − Fⱼ)], one Φ per value.
        // The sum is of order −n² and A² of order 1: compensated (Kahan) summation keeps the
        // rounding of 16M terms out of A².
        let block = VectorMath.block
        let invS1 = 1 / s1
        let adParts = ParallelLoop.chunks(count: n) { r -> Double in
            // Four compensated sums, of the block's positions 4j, 4j+1, 4j+2, 4j+3: four dependency
            // chains of four additions each instead of one.
            var s = (0.0, 0.0, 0.0, 0.0), carry = (0.0, 0.0, 0.0, 0.0)
            @inline(__always) func add(_ term: Double, _ s: inout Double, _ carry: inout Double) {
                let y = term - carry
                let t = s + y
                carry = (t - s) - y
                s = t
            }
            // Tied values share ln F and ln(1 − F): one Φ per distinct value, the logarithms a
            // block at a time.
            var last = Double.nan, lnF = 0.0, lnQ = 0.0
            withUnsafeTemporaryAllocation(of: Double.self, capacity: 4 * block) { scratch in
                let zs = UnsafeMutableBufferPointer(rebasing: scratch[0..<block])
                let fs = UnsafeMutableBufferPointer(rebasing: scratch[block..<(2 * block)])
                let qs = UnsafeMutableBufferPointer(rebasing: scratch[(2 * block)..<(3 * block)])
                let terms = UnsafeMutableBufferPointer(rebasing: scratch[(3 * block)..<(4 * block)])
                for b0 in Swift.stride(from: r.lowerBound, to: r.upperBound, by: block) {
                    let b1 = Swift.min(b0 + block, r.upperBound)
                    var k = 0, previous = last
                    for j in b0..<b1 where Double(shared.buffer[j]) != previous {
                        previous = Double(shared.buffer[j])
                        zs[k] = (previous - mean) * invS1
                        k += 1
                    }
                    NormalMath.logCDFPairs(UnsafeBufferPointer(rebasing: zs[0..<k]), lnF: fs, lnQ: qs)
                    var next = 0
                    for j in b0..<b1 {
                        if Double(shared.buffer[j]) != last {
                            last = Double(shared.buffer[j])
                            (lnF, lnQ) = (fs[next], qs[next])
                            next += 1
                        }
                        terms[j - b0] = (2 * Double(j) + 1) * lnF + (2 * nd - 2 * Double(j) - 1) * lnQ
                    }
                    var m = 0
                    while m + 4 <= b1 - b0 {
                        add(terms[m], &s.0, &carry.0)
                        add(terms[m + 1], &s.1, &carry.1)
                        add(terms[m + 2], &s.2, &carry.2)
                        add(terms[m + 3], &s.3, &carry.3)
                        m += 4
                    }
                    while m < b1 - b0 { add(terms[m], &s.0, &carry.0); m += 1 }
                }
            }
            return ((s.0 - carry.0) + (s.1 - carry.1)) + ((s.2 - carry.2) + (s.3 - carry.3))
        }
        let a2 = -nd - adParts.reduce(0, +) / nd
        let a2Star = a2 * (1 + 0.75 / nd + 2.25 / (nd * nd))
        let w2Star = w2 * (1 + 0.5 / nd)
        let jb = nd / 6 * (skewness * skewness + excessKurtosis * excessKurtosis / 4)

        var distinct = 1
        for i in 1..<n where x[i] != x[i - 1] { distinct += 1 }
        let distinctFraction = Double(distinct) / nd
        let handling = distinctFraction < 0.9
            ? "heavy ties (\(distinct) distinct of \(n)): KS uses the step ECDF at distinct values (exact with ties); AD, CvM and W₁ treat tied values as separate order statistics, an approximation"
            : "no material ties"
        return NormalityTests(
            ks: TestResult(statistic: d, pValue: lillieforsP(d, n: n), method: lillieforsMethod),
            ksPlainPValue: kolmogorovP(d, n: n),
            andersonDarling: TestResult(statistic: a2Star, pValue: andersonDarlingP(a2Star), method: "A*² with D'Agostino–Stephens p"),
            andersonDarlingRaw: a2,
            cramerVonMises: TestResult(statistic: w2Star, pValue: cramerVonMisesP(w2Star), method: "W*² with Stephens p (estimated parameters)"),
            cramerVonMisesRaw: w2,
            jarqueBera: TestResult(statistic: jb, pValue: exp(-jb / 2), method: jarqueBeraMethod),
            wasserstein1: w1,
            ties: Ties(distinct: distinct, distinctFraction: distinctFraction, handling: handling))
    }

    static let lillieforsMethod = "Lilliefors (simulated null table of D·(√n − 0.01 + 0.85/√n))"
    static let jarqueBeraMethod = "χ²₂ asymptotic"

    /// The KS distance D between N(mean, std²) and the ECDF of sorted values given as consecutive
    /// parts (the two tails the small-value filter keeps), tie-aware as in ``run``: the upper step
    /// at the last value of a tie group, the lower step at its first.
    ///
    /// Branch and bound over blocks of 64 sorted values: Φ at a block's two ends gives candidate
    /// steps (a lower bound on D) and, as Φ and the ECDF both rise through the block, the bound
    /// max((i₁ + 1)/k − Φ(z_{i₀}), Φ(z_{i₁}) − i₀/k) on every step inside it; only blocks whose
    /// bound exceeds the D found so far are evaluated value by value. D is exact; with D of order
    /// 1/√k and a block's bound only ≈ 128/k above its steps, nearly every block is skipped.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    static func ksStatistic<T: WeightScalar>(_ parts: [UnsafeBufferPointer<T>], mean: Double, std: Double) -> Double {
        let k = Double(parts.reduce(0) { $0 + $1.count })
        let nonEmpty = parts.filter { !$0.isEmpty }
        var d = 0.0, offset = 0
        for (j, p) in nonEmpty.enumerated() {
            // Whether the part's first value starts a tie group and its last ends one.
            let startsGroup = j == 0 || nonEmpty[j - 1].last! != p.first!
            let endsGroup = j + 1 == nonEmpty.count || nonEmpty[j + 1].first! != p.last!
            let x = ParallelLoop.Shared(buffer: p), base = offset, count = p.count, scale = 1 / std
            let partial = ParallelLoop.chunks(count: count) { r -> Double in
                // The candidate steps at index i with Φ = f.
                @inline(__always) func steps(_ i: Int, _ f: Double) -> Double {
                    let v = x.buffer[i]
                    let last = i + 1 < count ? x.buffer[i + 1] != v : endsGroup
                    let first = i > 0 ? x.buffer[i - 1] != v : startsGroup
                    return Swift.max(last ? Double(base + i + 1) / k - f : 0, first ? f - Double(base + i) / k : 0)
                }
                let block = 64
                var ends: [(Int, Int, Double, Double)] = []
                ends.reserveCapacity(r.count / block + 1)
                var d = 0.0
                for i0 in Swift.stride(from: r.lowerBound, to: r.upperBound, by: block) {
                    let i1 = Swift.min(i0 + block, r.upperBound) - 1
                    let f0 = NormalMath.cdf((Double(x.buffer[i0]) - mean) * scale), f1 = NormalMath.cdf((Double(x.buffer[i1]) - mean) * scale)
                    d = Swift.max(d, steps(i0, f0), steps(i1, f1))
                    ends.append((i0, i1, f0, f1))
                }
                for (i0, i1, f0, f1) in ends where Swift.max(Double(base + i1 + 1) / k - f0, f1 - Double(base + i0) / k) > d {
                    for i in i0...i1 { d = Swift.max(d, steps(i, NormalMath.cdf((Double(x.buffer[i]) - mean) * scale))) }
                }
                return d
            }
            d = Swift.max(d, partial.max() ?? 0)
            offset += count
        }
        return d
    }

    /// G(z) = ∫_{−∞}^{z} Φ(t) dt = zΦ(z) + φ(z).
    @inline(__always) static func integralPhi(to z: Double) -> Double {
        z * SpecialFunctions.normalCDF(z) + SpecialFunctions.normalPDF(z)
    }

    /// ∫_a^b |c − Φ(z)| dz from Φ and G = zΦ + φ at both ends: c·(b − a) − (G(b) − G(a)) when
    /// Φ − c keeps its sign on [a, b], else split at z* = Φ⁻¹(c) (where the ECDF crosses Φ,
    /// O(√n) of the n intervals).
    @inline(__always) static func gapIntegral(level c: Double, from a: (z: Double, f: Double, g: Double),
                                              to b: (z: Double, f: Double, g: Double)) -> Double {
        guard b.z > a.z else { return 0 }
        guard a.f < c && c < b.f else { return Swift.abs(c * (b.z - a.z) - (b.g - a.g)) }
        let zStar = SpecialFunctions.normalQuantile(c)
        let gStar = zStar * c + SpecialFunctions.normalPDF(zStar)
        return Swift.abs(c * (zStar - a.z) - (gStar - a.g)) + Swift.abs(c * (b.z - zStar) - (b.g - gStar))
    }

    /// The Lilliefors p-value from the simulated null table (``LillieforsTable``) of Stephens'
    /// modified statistic:
    /// ```
    /// D* = D·(√n − 0.01 + 0.85/√n)
    /// q(n) = the table's quantile row, interpolated linearly in 1/√n (n beyond 20 000: towards the n = ∞ row)
    /// p = exp of the linear interpolation of ln p in D* between the tabulated (q_j, p_j), p_j ∈ [0.001, 0.999]
    ///   D* < q(0.999):  p = 1 − 0.001·D*/q(0.999)
    ///   D* > q(0.001):  p = 0.001·exp(−(D*² − q(0.001)²)/(2σ²max)),  σ²max = 1/4 − 1/(2π) = 0.0908
    /// ```
    /// The tail is that of the supremum of the limiting Gaussian process (Durbin), whose largest
    /// variance, at the median, is t(1 − t) − φ(0)² = 1/4 − 1/(2π): ln p falls like −5.504·D*². The
    /// table's own tail (its 1 % and 0.1 % points) falls at −5.53 to −5.55 per unit D*² for
    /// n ≥ 1000. Accurate to the table's Monte Carlo error (SE ≤ 0.0016) over p ∈ [0.001, 1],
    /// including p > 0.1, where the Dallal–Wilkinson formula is not meant to be used; below 0.001 it
    /// is conservative beside Dallal–Wilkinson (up to 5× larger at p = 10⁻⁸ for n ≤ 100).
    public static func lillieforsP(_ d: Double, n: Int) -> Double {
        let sn = Double(n).squareRoot()
        let dStar = d * (sn - 0.01 + 0.85 / sn)
        let sizes = LillieforsTable.sizes, rows = LillieforsTable.quantiles, ps = LillieforsTable.tailProbabilities
        // Rows by 1/√n, descending: the table's sizes, then ∞ (1/√n = 0).
        let x = 1 / sn
        var q: [Double]
        if n <= sizes[0] {
            q = rows[0]
        } else {
            var j = 1
            while j < sizes.count, Double(sizes[j]) < Double(n) { j += 1 }
            let xHigh = 1 / Double(sizes[j - 1]).squareRoot(), xLow = j < sizes.count ? 1 / Double(sizes[j]).squareRoot() : 0
            let w = (x - xLow) / (xHigh - xLow)
            q = zip(rows[j - 1], rows[j]).map { w * $0 + (1 - w) * $1 }
        }
        if dStar <= q[0] { return 1 - (1 - ps[0]) * dStar / q[0] }
        let last = q.count - 1
        if dStar >= q[last] {
            let maxVariance = 0.25 - 1 / (2 * Double.pi)
            return ps[last] * exp(-(dStar * dStar - q[last] * q[last]) / (2 * maxVariance))
        }
        var k = 1
        while q[k] < dStar { k += 1 }
        let w = (dStar - q[k - 1]) / (q[k] - q[k - 1])
        return exp((1 - w) * log(ps[k - 1]) + w * log(ps[k]))
    }

    /// Dallal & Wilkinson (1986) approximation of the Lilliefors p-value (as statsmodels'
    /// `lilliefors(pvalmethod="approx")`), meant for p < 0.1 and n ≤ 100 (beyond, D is rescaled by
    /// (n/100)^0.49); kept as the reference the table's extrapolated far tail is checked against.
    static func dallalWilkinsonP(_ d: Double, n: Int) -> Double {
        var dd = d, nn = Double(n)
        if nn > 100 { dd *= Foundation.pow(nn / 100, 0.49); nn = 100 }
        let p = exp(-7.01256 * dd * dd * (nn + 2.78019) + 2.99587 * dd * (nn + 2.78019).squareRoot()
                    - 0.122119 + 0.974598 / nn.squareRoot() + 1.67997 / nn)
        return Swift.min(1, p)
    }

    /// Asymptotic Kolmogorov p-value with Stephens' small-n correction: Q_KS((√n + 0.12 + 0.11/√n)·D).
    public static func kolmogorovP(_ d: Double, n: Int) -> Double {
        let sn = Double(n).squareRoot()
        let lambda = (sn + 0.12 + 0.11 / sn) * d
        guard lambda > 0.2 else { return 1 }
        var sum = 0.0
        for k in 1...100 {
            let term = 2 * (k % 2 == 1 ? 1.0 : -1.0) * exp(-2 * Double(k * k) * lambda * lambda)
            sum += term
            if Swift.abs(term) < 1e-16 { break }
        }
        return Swift.min(1, Swift.max(0, sum))
    }

    /// D'Agostino & Stephens (1986) p-value of A*² for the normal with estimated parameters.
    /// The last piece, ln p = 1.2937 − 5.709·A + 0.0186·A², is a parabola whose minimum lies at
    /// A ≈ 153 and which comes back to p = 1 at A ≈ 307 (and overflows beyond): past A = 10, far
    /// beyond Stephens' tables (p < 10⁻²² there), it is continued along its tangent,
    /// ln p = ln p(10) − 5.337·(A − 10), so that p keeps falling.
    public static func andersonDarlingP(_ a: Double) -> Double {
        if a > 10 { return exp(1.2937 - 57.09 + 1.86 - (5.709 - 0.372) * (a - 10)) }
        if a >= 0.6 { return exp(1.2937 - 5.709 * a + 0.0186 * a * a) }
        if a >= 0.34 { return exp(0.9177 - 4.279 * a - 1.38 * a * a) }
        if a > 0.2 { return 1 - exp(-8.318 + 42.796 * a - 59.938 * a * a) }
        return 1 - exp(-13.436 + 101.14 * a - 223.73 * a * a)
    }

    /// Stephens' p-value of W*² for the normal with estimated parameters. The last piece is a
    /// parabola in ln p whose minimum lies at W*² ≈ 1.33; past W*² = 1 it is continued along its
    /// tangent so that p keeps falling (it is < 10⁻⁹ there anyway).
    public static func cramerVonMisesP(_ w: Double) -> Double {
        if w < 0.0275 { return 1 - exp(-13.953 + 775.5 * w - 12542.61 * w * w) }
        if w < 0.051 { return 1 - exp(-5.903 + 179.546 * w - 1515.29 * w * w) }
        if w < 0.092 { return exp(0.886 - 31.62 * w + 10.897 * w * w) }
        if w < 1 { return exp(1.111 - 34.242 * w + 12.832 * w * w) }
        return exp(1.111 - 34.242 + 12.832 - (34.242 - 2 * 12.832) * (w - 1))
    }
}
