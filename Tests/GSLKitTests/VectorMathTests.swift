import Foundation
import GSLKit
import Testing

/// ``VectorMath`` (libmvec's AVX2 ln, ln(1 + x), eˣ, or libm's scalar loop) against Foundation's
/// scalar functions: glibc documents its vector functions to within 4 ulp, so 4 ulp of the result
/// is the bound; lengths that are not multiples of 4 exercise the scalar tail; the special values
/// the analysis relies on (ln 0 = −∞, ln(1 + (−1)) = −∞, e^{−10⁴} = 0) hold exactly.
@Suite struct VectorMathTests {
    static func within4ulp(_ a: Double, _ b: Double) -> Bool {
        a == b || Swift.abs(a - b) <= 4 * b.ulp
    }

    @Test(arguments: [1, 7, 256, 1001])
    func matchesLibm(count: Int) {
        // Arguments spread over many binades: 10^(−12 … 12) for ln, (−0.99 … 10³) for ln(1 + x), (−700 … 700) for eˣ.
        let t = (0..<count).map { (Double($0) + 0.5) / Double(count) }
        let logs = t.map { Foundation.pow(10, -12 + 24 * $0) }
        let log1ps = t.map { -0.99 + 1000.99 * $0 * $0 * $0 }
        let exps = t.map { -700 + 1400 * $0 }
        check(logs, VectorMath.log, Foundation.log)
        check(log1ps, VectorMath.log1p, Foundation.log1p)
        check(exps, VectorMath.exp, Foundation.exp)
    }

    func check(_ input: [Double], _ transform: (UnsafeMutableBufferPointer<Double>) -> Void, _ reference: (Double) -> Double) {
        var y = input
        y.withUnsafeMutableBufferPointer { transform($0) }
        for (x, v) in zip(input, y) { #expect(Self.within4ulp(v, reference(x)), "f(\(x)) = \(v), libm \(reference(x))") }
    }

    @Test func specialValues() {
        var a = [0.0, 0, 0, 0, 1]
        a.withUnsafeMutableBufferPointer { VectorMath.log($0) }
        let minusInfinity: [Double] = [-.infinity, -.infinity, -.infinity, -.infinity, 0]
        #expect(a == minusInfinity)
        var b = [-1.0, -1, -1, -1, 0]
        b.withUnsafeMutableBufferPointer { VectorMath.log1p($0) }
        #expect(b == minusInfinity)
        var c = [-1e4, -1e4, -1e4, -1e4, 0]
        c.withUnsafeMutableBufferPointer { VectorMath.exp($0) }
        let zeros: [Double] = [0, 0, 0, 0, 1]
        #expect(c == zeros)
    }
}
