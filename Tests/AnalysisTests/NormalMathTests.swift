import Foundation
import GSLKit
import Testing
@testable import Analysis

/// ``NormalMath`` (Cody's rationals with one exponential) against GSL's Φ, φ and log-erfc on a
/// fine grid from z = −37 to 8.5: the single rounded exponential costs at most y²·1.1·10⁻¹⁶
/// relative, the rationals about 10⁻¹⁶.
@Suite struct NormalMathTests {
    @Test func cdfDensityAndLogsMatchGSL() {
        var z = -37.0
        while z <= 8.5 {
            let (f, p) = NormalMath.cdfAndDensity(z)
            let tolerance = 4e-16 * (1 + z * z)
            let gf = SpecialFunctions.normalCDF(z), gp = SpecialFunctions.normalPDF(z)
            #expect(abs(f - gf) <= tolerance * gf, "Φ(\(z)) = \(f), GSL \(gf)")
            #expect(abs(p - gp) <= tolerance * gp, "φ(\(z)) = \(p), GSL \(gp)")
            #expect(NormalMath.cdf(z) == f)
            // ln Φ(z) and ln(1 − Φ(z)) against ln of ½erfc(∓z/√2) in log form.
            let (lf, lq) = NormalMath.logCDFPair(z)
            let glf = SpecialFunctions.logErfc(-z / 2.0.squareRoot()) - log(2.0)
            let glq = SpecialFunctions.logErfc(z / 2.0.squareRoot()) - log(2.0)
            #expect(abs(lf - glf) <= 1e-14 * max(1, abs(glf)), "ln Φ(\(z)) = \(lf), GSL \(glf)")
            #expect(abs(lq - glq) <= 1e-14 * max(1, abs(glq)), "ln(1 − Φ(\(z))) = \(lq), GSL \(glq)")
            z += 0.0037
        }
    }
    /// The block form (libmvec's vector ln, ln(1 + x), eˣ) against the scalar form on the same
    /// grid, block by block: libmvec is within 4 ulp of libm, which moves ln Φ by at most a few
    /// 10⁻¹⁶ relative (the ln(1 − e^{ln Φ(−y)}) of the large side is as well conditioned as the
    /// scalar one); 10⁻¹⁴ leaves a margin of 20×.
    @Test func blockLogsMatchScalar() {
        let grid = Swift.stride(from: -37.0, through: 8.5, by: 0.0037).map { $0 }
        var lnF = [Double](repeating: 0, count: VectorMath.block), lnQ = lnF
        for b0 in Swift.stride(from: 0, to: grid.count, by: VectorMath.block) {
            let zs = Array(grid[b0..<Swift.min(b0 + VectorMath.block, grid.count)])
            zs.withUnsafeBufferPointer { z in
                lnF.withUnsafeMutableBufferPointer { f in
                    lnQ.withUnsafeMutableBufferPointer { q in NormalMath.logCDFPairs(z, lnF: f, lnQ: q) }
                }
            }
            for (j, z) in zs.enumerated() {
                let (lf, lq) = NormalMath.logCDFPair(z)
                #expect(abs(lnF[j] - lf) <= 1e-14 * max(1, abs(lf)), "ln Φ(\(z)): block \(lnF[j]), scalar \(lf)")
                #expect(abs(lnQ[j] - lq) <= 1e-14 * max(1, abs(lq)), "ln(1 − Φ(\(z))): block \(lnQ[j]), scalar \(lq)")
            }
        }
    }
}
