import Foundation
import GSLKit

/// The Anscombe–Glynn (1983) test of normal kurtosis, as `scipy.stats.kurtosistest`: the sample
/// kurtosis b₂ = m₄/m₂² transformed to an approximately standard normal Z.
///
/// ```
/// E = 3(n − 1)/(n + 1),   V = 24n(n − 2)(n − 3)/((n + 1)²(n + 3)(n + 5)),   x = (b₂ − E)/√V
/// √β₁ = 6(n² − 5n + 2)/((n + 7)(n + 9))·√(6(n + 3)(n + 5)/(n(n − 2)(n − 3)))
/// A = 6 + (8/√β₁)·(2/√β₁ + √(1 + 4/β₁))
/// Z = ((1 − 2/(9A)) − ∛((1 − 2/A)/(1 + x√(2/(A − 4)))))/√(2/(9A)),   p = 2·Φ(−|Z|)
/// ```
enum KurtosisTest {
    /// Z and the two-sided p-value for an excess kurtosis g₂ = b₂ − 3 of n values (n ≥ 5).
    static func test(excessKurtosis g2: Double, n count: Int) -> (z: Double, p: Double) {
        guard count >= 5, g2.isFinite else { return (.nan, .nan) }
        let n = Double(count)
        let e = 3 * (n - 1) / (n + 1)
        let v = 24 * n * (n - 2) * (n - 3) / ((n + 1) * (n + 1) * (n + 3) * (n + 5))
        let x = (g2 + 3 - e) / v.squareRoot()
        let sqrtBeta1 = 6 * (n * n - 5 * n + 2) / ((n + 7) * (n + 9)) * (6 * (n + 3) * (n + 5) / (n * (n - 2) * (n - 3))).squareRoot()
        let a = 6 + 8 / sqrtBeta1 * (2 / sqrtBeta1 + (1 + 4 / (sqrtBeta1 * sqrtBeta1)).squareRoot())
        let denominator = 1 + x * (2 / (a - 4)).squareRoot()
        let ratio = (1 - 2 / a) / denominator
        let term2 = ratio >= 0 ? cbrt(ratio) : -cbrt(-ratio)
        let z = (1 - 2 / (9 * a) - term2) / (2 / (9 * a)).squareRoot()
        return (z, 2 * SpecialFunctions.normalSF(abs(z)))
    }
}
