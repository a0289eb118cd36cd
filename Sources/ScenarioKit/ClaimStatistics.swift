import Distributions
import Foundation
import GSLKit

/// The Monte Carlo statistics behind claim verdicts.
///
/// ```
/// mean ± SE:           SE = sd/√R over replicates
/// median:              95 % CI [x₍ₗ₎, x₍ₙ₋ₗ₊₁₎] with l the largest j such that P(Bin(n, ½) ≤ j − 1) ≤ 0.025
///                      (distribution-free; [min, max] when n < 6), SE = CI width / (2·1.96)
/// rate p̂ = x/N:        exact acceptance band of Bin(N, α) at a confidence c: the counts [lo, hi]
///                      whose two tails each hold at most (1 − c)/2; Clopper–Pearson CI for p̂
/// Spearman ρ:          Pearson correlation of ranks (ties get mean ranks);
///                      p from t = ρ√((n − 2)/(1 − ρ²)) with n − 2 degrees of freedom (two-sided);
///                      95 % CI tanh(atanh ρ ± 1.96·√(1.06/(n − 3))) (Fieller, Hartley & Pearson 1957)
/// within k SE from n samples: |x̄ − μ| ≤ t⁻¹_{n−1}(1 − Φ(−k))·SE (the same tail as k normal SEs)
/// ```
/// Note: a calibrated test at α = 0.05 over R = 2000 replicates has SE 0.0049, so [0.040, 0.060]
/// is ±2.05 SE (≈ 96 %), not 99.9 %; the bands here are computed exactly from the binomial.
enum ClaimStatistics {
    static func meanAndSE(_ x: [Double]) -> (Double, Double, Double) {
        let m = SampleMoments.mean(x)
        guard x.count > 1 else { return (m, 0, 0) }
        let sd = SampleMoments.std(x, mean: m)
        return (m, sd / Double(x.count).squareRoot(), sd)
    }

    /// The t quantile (n − 1 degrees of freedom) with the two-sided tail probability of ±k under the
    /// normal: the tolerance, in estimated standard errors, that keeps the false-failure rate of a
    /// "within k SE" check when the SE itself comes from n samples.
    static func studentizedTolerance(_ k: Double, samples n: Int) -> Double {
        guard n >= 2 else { return .infinity }
        let tail = SpecialFunctions.normalSF(k)
        return SpecialFunctions.studentTQuantile(1 - tail, dof: Double(n - 1))
    }

    /// The p quantile of Student's t with n − 1 degrees of freedom (∞ below two samples).
    static func tQuantile(_ p: Double, samples n: Int) -> Double {
        guard n >= 2 else { return .infinity }
        return SpecialFunctions.studentTQuantile(p, dof: Double(n - 1))
    }

    /// How far the Student correction may widen a "within k SE" tolerance before the check stops
    /// discriminating: fewer samples than ``minimumSamples(withinSE:)`` are refused.
    static let maximumWidening = 2.0

    /// The fewest samples for which the studentized tolerance of k SE stays within
    /// ``maximumWidening``·k (k = 4.5 → 11, k = 3 → 6).
    static func minimumSamples(withinSE k: Double) -> Int {
        var n = 2
        while n < 10_000, studentizedTolerance(k, samples: n) > maximumWidening * k { n += 1 }
        return n
    }

    /// The fewest values for which the `confidence` band of Bin(n, α) excludes a rate of 0, so that
    /// a test that never rejects fails the calibration check: (1 − α)ⁿ ≤ (1 − confidence)/2.
    static func minimumCount(alpha: Double, confidence: Double) -> Int {
        var n = Swift.max(1, Int((log((1 - confidence) / 2) / log(1 - alpha)).rounded(.down)))
        while binomialBand(n: n, p: alpha, confidence: confidence).0 == 0 { n += 1 }
        return n
    }

    /// The distribution-free 95 % interval of the median from order statistics: [x₍ₗ₎, x₍ₙ₋ₗ₊₁₎]
    /// with l the largest j ≥ 1 for which P(Bin(n, ½) ≤ j − 1) ≤ 0.025; [min, max] for n < 6,
    /// where no pair of order statistics reaches 95 % (coverage 1 − 2⁻⁽ⁿ⁻¹⁾).
    static func medianInterval(_ x: [Double]) -> (Double, Double) {
        let s = x.sorted(), n = s.count
        guard n > 0 else { return (.nan, .nan) }
        var l = 1
        while l < n / 2, SpecialFunctions.binomialCDF(UInt32(l), p: 0.5, n: UInt32(n)) <= 0.025 { l += 1 }
        return (s[l - 1], s[n - l])
    }

    static func median(_ x: [Double]) -> Double {
        let s = x.sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : 0.5 * (s[s.count / 2 - 1] + s[s.count / 2])
    }

    /// The acceptance band [lo, hi] (as rates) of Bin(n, p) with each tail ≤ (1 − confidence)/2.
    static func binomialBand(n: Int, p: Double, confidence: Double) -> (Double, Double) {
        let tail = (1 - confidence) / 2
        var lo = 0
        while lo < n, SpecialFunctions.binomialCDF(UInt32(lo), p: p, n: UInt32(n)) <= tail { lo += 1 }
        var hi = n
        while hi > 0, 1 - SpecialFunctions.binomialCDF(UInt32(hi - 1), p: p, n: UInt32(n)) <= tail { hi -= 1 }
        return (Double(lo) / Double(n), Double(hi) / Double(n))
    }

    /// Clopper–Pearson 95 % interval for x successes in n.
    static func clopperPearson(_ x: Int, _ n: Int) -> (Double, Double) {
        let lo = x == 0 ? 0 : SpecialFunctions.betaQuantile(0.025, Double(x), Double(n - x + 1))
        let hi = x == n ? 1 : SpecialFunctions.betaQuantile(0.975, Double(x + 1), Double(n - x))
        return (lo, hi)
    }

    static func ranks(_ x: [Double]) -> [Double] {
        let order = x.indices.sorted { x[$0] < x[$1] }
        var r = [Double](repeating: 0, count: x.count)
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count, x[order[j + 1]] == x[order[i]] { j += 1 }
            for k in i...j { r[order[k]] = Double(i + j) / 2 + 1 }
            i = j + 1
        }
        return r
    }

    /// Spearman's ρ and its two-sided p-value.
    static func spearman(_ x: [Double], _ y: [Double]) -> (Double, Double) {
        let rx = ranks(x), ry = ranks(y)
        let (mx, _, sx) = meanAndSE(rx), (my, _, sy) = meanAndSE(ry)
        let n = Double(x.count)
        var c = 0.0
        for i in x.indices { c += (rx[i] - mx) * (ry[i] - my) }
        let rho = c / ((n - 1) * sx * sy)
        guard n > 2, abs(rho) < 1 else { return (rho, abs(rho) >= 1 ? 0 : 1) }
        let t = rho * ((n - 2) / (1 - rho * rho)).squareRoot()
        return (rho, 2 * SpecialFunctions.studentTSF(abs(t), dof: n - 2))
    }
}
