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
}
