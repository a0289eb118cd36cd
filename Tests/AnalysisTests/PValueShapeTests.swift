import Foundation
import Testing
@testable import Analysis

/// The closed-form p-value approximations of Anderson–Darling and Cramér–von Mises are
/// parabolas in ln p past their tables; continued along tangents, they must fall as the
/// statistic grows, at every size of statistic a real checkpoint produces (A*² of a 12M-value
/// embedding is in the thousands). Deterministic: no sampling, nothing left to chance.
@Suite struct PValueShapeTests {
    /// A*² from 0 to 10⁴ and W*² from 0 to 10³ on fine grids: every p finite, in [0, 1], and
    /// never higher than at a smaller statistic, but for the published pieces' own steps where
    /// they meet (2 % at A*² = 0.6: p = 0.1169 from below, 0.1194 from above); continuous where
    /// the tangent takes over.
    @Test func pValuesFallAsTheStatisticGrows() {
        for (name, p, top) in [("Anderson–Darling", NormalityTests.andersonDarlingP, 10_000.0),
                               ("Cramér–von Mises", NormalityTests.cramerVonMisesP, 1_000.0)] {
            var previous = 1.0, x = 0.0
            while x <= top {
                let v = p(x)
                #expect(v.isFinite && v >= 0 && v <= 1, "\(name): p(\(x)) = \(v)")
                #expect(v <= previous * 1.03, "\(name): p(\(x)) = \(v) above \(previous) at a smaller statistic")
                previous = v
                x += x < 20 ? 0.001 : 0.5
            }
        }
        // Where the tangent takes over, it meets the parabola (same value on both sides).
        let below = NormalityTests.andersonDarlingP(10 - 1e-9), above = NormalityTests.andersonDarlingP(10 + 1e-9)
        #expect(abs(log(below) - log(above)) < 1e-6, "\(below) vs \(above)")
        // Before the tangent, A*² ≈ 307 gave p ≈ 1 (not rejected) and A*² = 453 gave ∞.
        #expect(NormalityTests.andersonDarlingP(307) < 1e-300)
        #expect(NormalityTests.andersonDarlingP(453) == 0 || NormalityTests.andersonDarlingP(453) < 1e-300)
    }
}
