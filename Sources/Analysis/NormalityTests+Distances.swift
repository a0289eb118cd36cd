import GSLKit
import TensorIO

extension NormalityTests {
    /// The KS, Cramér–von Mises and Wasserstein-1 parts of the values `x[range]` (sorted,
    /// standardised with σ of ddof 0): (max D, Σ(Fᵢ − (2i+1)/(2n))², Σ of the W₁ intervals from
    /// each value to the next, and past the last value when the range ends the sample).
    ///
    /// A block at a time: z, Φ and G(z) = zΦ(z) + φ(z) of each value into arrays (one Φ per
    /// distinct value, its exponential from ``VectorMath``; ties copy the first of their group),
    /// then the three statistics in four independent lanes each. Ties need no tests there: in a
    /// group of equal values F is constant, so c − F = (i+1)/n − F is largest at the group's last
    /// member and F − i/n at its first (the step ECDF's own two sides), and an interval between
    /// equal values has zero width (``gapIntegral(level:from:to:)`` gives 0).
    static func ecdfDistances<T: WeightScalar>(_ x: UnsafeBufferPointer<T>, in range: Range<Int>, mean: Double,
                                               std: Double) -> (Double, Double, Double) {
        let n = x.count, nd = Double(n)
        // Multiplications by 1/σ and 1/n instead of divisions (each result within an ulp of the quotient).
        let invStd = 1 / std, invN = 1 / nd, invTwoN = 1 / (2 * nd)
        let block = VectorMath.block, slots = block + 1
        // Four lanes of each statistic (values 4j, 4j+1, … of a block), combined at the end.
        var d = (0.0, 0.0, 0.0, 0.0), w2 = (0.0, 0.0, 0.0, 0.0), w1 = (0.0, 0.0, 0.0, 0.0)
        withUnsafeTemporaryAllocation(of: Double.self, capacity: 5 * slots) { scratch in
            let zc = scratch.baseAddress!, ec = zc + slots, zs = ec + slots, fs = zs + slots, gs = fs + slots
            for b0 in Swift.stride(from: range.lowerBound, to: range.upperBound, by: block) {
                let count = Swift.min(b0 + block, range.upperBound) - b0
                // Slots 0…m hold values b0…b0+m: the block and, unless it ends the sample, the next value.
                let m = Swift.min(b0 + count, n - 1) - b0
                var k = 0
                for s in 0...m where s == 0 || x[b0 + s] != x[b0 + s - 1] {
                    zc[k] = (Double(x[b0 + s]) - mean) * invStd
                    ec[k] = -0.5 * zc[k] * zc[k]
                    k += 1
                }
                VectorMath.exp(UnsafeMutableBufferPointer(start: ec, count: k))
                k = 0
                for s in 0...m {
                    if s == 0 || x[b0 + s] != x[b0 + s - 1] {
                        let (f, p) = NormalMath.cdfAndDensity(zc[k], exponential: ec[k])
                        (zs[s], fs[s], gs[s]) = (zc[k], f, zc[k] * f + p)
                        k += 1
                    } else {
                        (zs[s], fs[s], gs[s]) = (zs[s - 1], fs[s - 1], gs[s - 1])
                    }
                }
                // Value i = b0 + s: F = fs[s]; the ECDF is i/n before it and c = (i+1)/n after it.
                let intervals = b0 + count == n ? count - 1 : count
                // One value's three terms.
                @inline(__always) func terms(_ t: Int) -> (Double, Double, Double) {
                    let di = Double(b0 + t), f = fs[t]
                    let u = (2 * di + 1) * invTwoN, c = (di + 1) * invN
                    let gap = t < intervals ? gapIntegral(level: c, from: (zs[t], f, gs[t]), to: (zs[t + 1], fs[t + 1], gs[t + 1])) : 0
                    return (Swift.max(c - f, f - di * invN), (f - u) * (f - u), gap)
                }
                var s = 0
                while s + 4 <= count {
                    let a = terms(s), b = terms(s + 1), c = terms(s + 2), e = terms(s + 3)
                    d.0 = Swift.max(d.0, a.0); d.1 = Swift.max(d.1, b.0); d.2 = Swift.max(d.2, c.0); d.3 = Swift.max(d.3, e.0)
                    w2.0 += a.1; w2.1 += b.1; w2.2 += c.1; w2.3 += e.1
                    w1.0 += a.2; w1.1 += b.2; w1.2 += c.2; w1.3 += e.2
                    s += 4
                }
                while s < count {
                    let a = terms(s)
                    d.0 = Swift.max(d.0, a.0); w2.0 += a.1; w1.0 += a.2
                    s += 1
                }
                if b0 + count == n {
                    // The last interval, c = 1: ∫_z^∞ (1 − Φ) = φ(z) − z·(1 − Φ(z)).
                    let z = zs[count - 1]
                    w1.0 += SpecialFunctions.normalPDF(z) - z * SpecialFunctions.normalSF(z)
                }
            }
        }
        return (Swift.max(Swift.max(d.0, d.1), Swift.max(d.2, d.3)), (w2.0 + w2.1) + (w2.2 + w2.3), (w1.0 + w1.1) + (w1.2 + w1.3))
    }
}
