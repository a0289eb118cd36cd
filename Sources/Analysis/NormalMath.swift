import Foundation
import GSLKit

/// The standard normal CDF, density and log-CDF pair for the per-value passes of the normality
/// tests: Cody's rational approximations (W. J. Cody, "Rational Chebyshev approximations for the
/// error function", Math. Comp. 23, 1969; the coefficients of the normal-scale form used by R's
/// pnorm and GSL's gsl_cdf_ugaussian_P), arranged so that one exponential gives both Φ and φ and
/// the logarithms need no exponential in the tails.
///
/// With y = |z|:
/// ```
/// y ≤ 0.67448975:  Φ(z) = ½ + z·A(z²)/B(z²)                      (degree 4/4 rational)
/// y ≤ √32:         Φ(−y) = e^{−y²/2}·C(y)/D(y)                   (degree 8/8)
/// y > √32:         Φ(−y) = e^{−y²/2}/y·(1/√(2π) − P(1/y²)/Q(1/y²)/y²)
/// ln Φ(−y) = −y²/2 + ln(rational)   in the last two ranges (no exponential, no underflow)
/// ```
/// The rationals are accurate to about 10⁻¹⁶ relative. GSL and R split y² to evaluate e^{−y²/2}
/// with two exponentials; here one exponential of the rounded y²/2 is taken, which adds a relative
/// error of at most y²·1.1·10⁻¹⁶ (≤ 4·10⁻¹⁵ for |z| ≤ 6), invisible in every statistic built on it.
enum NormalMath {
    static let inverseSqrt2Pi = 0.398_942_280_401_432_677_94

    /// z·A(z²)/B(z²) = Φ(z) − ½ for |z| ≤ 0.67448975.
    @inline(__always) static func central(_ z: Double) -> Double {
        let s = z * z
        var num = 0.065682337918207449113 * s, den = s
        num = (num + 2.2352520354606839287) * s; den = (den + 47.20258190468824187) * s
        num = (num + 161.02823106855587881) * s; den = (den + 976.09855173777669322) * s
        num = (num + 1067.6894854603709582) * s; den = (den + 10260.932208618978205) * s
        return z * (num + 18154.981253343561249) / (den + 45507.789335026729956)
    }

    /// Φ(−y)/e^{−y²/2} for y > 0.67448975.
    @inline(__always) static func tailRatio(_ y: Double) -> Double {
        if y <= 5.656854249492380195 {
            var num = 1.0765576773720192317e-8 * y, den = y
            num = (num + 0.39894151208813466764) * y; den = (den + 22.266688044328115691) * y
            num = (num + 8.8831497943883759412) * y; den = (den + 235.38790178262499861) * y
            num = (num + 93.506656132177855979) * y; den = (den + 1519.377599407554805) * y
            num = (num + 597.27027639480026226) * y; den = (den + 6485.558298266760755) * y
            num = (num + 2494.5375852903726711) * y; den = (den + 18615.571640885098091) * y
            num = (num + 6848.1904505362823326) * y; den = (den + 34900.952721145977266) * y
            num = (num + 11602.651437647350124) * y; den = (den + 38912.003286093271411) * y
            return (num + 9842.7148383839780218) / (den + 19685.429676859990727)
        }
        let s = 1 / (y * y)
        var num = 0.02307344176494017303 * s, den = s
        num = (num + 0.21589853405795699) * s; den = (den + 1.28426009614491121) * s
        num = (num + 0.1274011611602473639) * s; den = (den + 0.468238212480865118) * s
        num = (num + 0.022235277870649807) * s; den = (den + 0.0659881378689285515) * s
        num = (num + 0.001421619193227893466) * s; den = (den + 0.00378239633202758244) * s
        let r = s * (num + 2.9112874951168792e-5) / (den + 7.29751555083966205e-5)
        return (inverseSqrt2Pi - r) / y
    }

    /// (Φ(z), φ(z)) from one exponential.
    @inline(__always) static func cdfAndDensity(_ z: Double) -> (cdf: Double, density: Double) {
        cdfAndDensity(z, exponential: exp(-0.5 * z * z))
    }

    /// (Φ(z), φ(z)) given e = e^{−z²/2} (computed a block at a time by ``VectorMath``).
    @inline(__always) static func cdfAndDensity(_ z: Double, exponential e: Double) -> (cdf: Double, density: Double) {
        let y = Swift.abs(z)
        if y <= 0.67448975 { return (0.5 + central(z), inverseSqrt2Pi * e) }
        let tail = e * tailRatio(y)
        return (z < 0 ? tail : 1 - tail, inverseSqrt2Pi * e)
    }

    /// Φ(z) alone (no exponential in the central range).
    @inline(__always) static func cdf(_ z: Double) -> Double {
        let y = Swift.abs(z)
        if y <= 0.67448975 { return 0.5 + central(z) }
        let tail = exp(-0.5 * y * y) * tailRatio(y)
        return z < 0 ? tail : 1 - tail
    }

    /// (ln Φ(z), ln(1 − Φ(z))): the small side Φ(−|z|) in log form directly, the large side as
    /// log1p(−small).
    @inline(__always) static func logCDFPair(_ z: Double) -> (Double, Double) {
        let y = Swift.abs(z)
        let lnSmall: Double, lnLarge: Double
        if y <= 0.67448975 {
            let c = central(y)
            lnSmall = log(0.5 - c)
            lnLarge = log(0.5 + c)
        } else {
            lnSmall = -0.5 * y * y + log(tailRatio(y))
            lnLarge = log1p(-exp(lnSmall))
        }
        return z < 0 ? (lnSmall, lnLarge) : (lnLarge, lnSmall)
    }

    /// ``logCDFPair(_:)`` of every z, the logarithms and exponentials a block at a time
    /// (``VectorMath``, at most ``VectorMath/block`` values): lnF[j] = ln Φ(z[j]),
    /// lnQ[j] = ln(1 − Φ(z[j])).
    static func logCDFPairs(_ z: UnsafeBufferPointer<Double>, lnF: UnsafeMutableBufferPointer<Double>, lnQ: UnsafeMutableBufferPointer<Double>) {
        let k = z.count
        precondition(k <= VectorMath.block && lnF.count >= k && lnQ.count >= k)
        withUnsafeTemporaryAllocation(of: Double.self, capacity: 4 * VectorMath.block) { scratch in
            withUnsafeTemporaryAllocation(of: Int.self, capacity: 2 * VectorMath.block) { index in
                let block = VectorMath.block
                let small = UnsafeMutableBufferPointer(rebasing: scratch[0..<k])
                let large = UnsafeMutableBufferPointer(rebasing: scratch[block..<(2 * block)])
                let e = UnsafeMutableBufferPointer(rebasing: scratch[(2 * block)..<(3 * block)])
                let lnLarge = UnsafeMutableBufferPointer(rebasing: scratch[(3 * block)..<(4 * block)])
                // Central values (listed in index[0..<c]): ln(½ − c), ln(½ + c). Tail values (in
                // index[block..<block + t]): −y²/2 + ln(ratio), then ln(1 − e^{that}). Each
                // vector call gets only the values that need it.
                var c = 0, t = 0
                for j in 0..<k {
                    let y = Swift.abs(z[j])
                    if y <= 0.67448975 {
                        let q = central(y)
                        small[j] = 0.5 - q
                        large[c] = 0.5 + q
                        index[c] = j
                        c += 1
                    } else {
                        small[j] = tailRatio(y)
                        index[block + t] = j
                        t += 1
                    }
                }
                VectorMath.log(small)
                VectorMath.log(UnsafeMutableBufferPointer(rebasing: large[0..<c]))
                for m in 0..<t {
                    let j = index[block + m], y = Swift.abs(z[j])
                    small[j] += -0.5 * y * y
                    e[m] = small[j]
                }
                let tails = UnsafeMutableBufferPointer(rebasing: e[0..<t])
                VectorMath.exp(tails)
                for m in 0..<t { e[m] = -e[m] }
                VectorMath.log1p(tails)
                for m in 0..<c { lnLarge[index[m]] = large[m] }
                for m in 0..<t { lnLarge[index[block + m]] = e[m] }
                for j in 0..<k {
                    (lnF[j], lnQ[j]) = z[j] < 0 ? (small[j], lnLarge[j]) : (lnLarge[j], small[j])
                }
            }
        }
    }
}
