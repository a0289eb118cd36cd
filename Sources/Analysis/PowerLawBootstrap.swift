import Distributions
import Foundation
import GSLKit

/// Beyond WeightWatcher: the Clauset–Shalizi–Newman goodness-of-fit p-value of the power-law tail
/// and a bootstrap CI for α, from one seeded semi-parametric bootstrap (CSN 2009, §4.1).
///
/// ```
/// data = λ over the floor (N values), tail = the n values ≥ xmin, body = the N − n below
/// resample b = 1…B: N draws; each, with probability n/N, from the fitted power law
///     x = xmin·(1 − u)^{−1/(α−1)},  u ~ U(0,1)
///   else uniformly from the body; then the SAME fit (every xmin tried) gives D*_b, α*_b
/// p = #{D*_b ≥ D}/B                    (small p: the power law is rejected)
/// se(α) = sd(α*_b);  CI = α ± 1.96·se (the normal bootstrap interval, steadier than
///   percentiles at a few dozen resamples)
/// ```
/// The resolution of p is 1/B; CSN advise B ≈ 2500 for ±0.01, the default here is a few dozen.
public struct PowerLawBootstrap: Sendable, Codable, Equatable {
    public var resamples: Int
    public var pValue: Double
    public var alphaSE: Double
    public var alphaCILow: Double
    public var alphaCIHigh: Double

    enum CodingKeys: String, CodingKey {
        case resamples
        case pValue = "csn_p_value"
        case alphaSE = "alpha_se"
        case alphaCILow = "alpha_ci_low"
        case alphaCIHigh = "alpha_ci_high"
    }

    /// Runs `resamples` bootstrap fits of `fit` on ascending `eigenvalues` (nil when there are
    /// fewer than 2 resamples or the fit has no valid α).
    public static func run(ascending eigenvalues: [Double], fit: PowerLawFit, resamples: Int, seed: UInt64) -> PowerLawBootstrap? {
        guard resamples >= 2, fit.alpha > 1, fit.alpha.isFinite else { return nil }
        let data = eigenvalues.filter { $0 > PowerLawFit.floor }
        let count = data.count
        let body = data.filter { $0 < fit.xmin }
        let tailFraction = Double(count - body.count) / Double(count)
        let engine = RandomEngine(seed: seed)
        let exponent = -1 / (fit.alpha - 1)
        var exceed = 0
        var alphas: [Double] = []
        var sample = [Double](repeating: 0, count: count)
        for _ in 0..<resamples {
            for i in 0..<count {
                if body.isEmpty || engine.uniform() < tailFraction {
                    sample[i] = fit.xmin * Foundation.pow(1 - engine.uniform(), exponent)
                } else {
                    sample[i] = body[Int(engine.uniformInt(UInt(body.count)))]
                }
            }
            sample.sort()
            // The fit's own tail size is the first xmin tried (a near-best D early prunes more).
            let scan = PowerLawFit.Scan(sample, guess: body.count)
            if scan.ds[scan.best] >= fit.D { exceed += 1 }
            if scan.alphas[scan.best].isFinite { alphas.append(scan.alphas[scan.best]) }
        }
        // One resample or none: SE 0 (the sum of squares about the mean is 0).
        let se = alphas.count > 1 ? SampleMoments.std(alphas, mean: SampleMoments.mean(alphas)) : 0
        return PowerLawBootstrap(resamples: resamples, pValue: Double(exceed) / Double(resamples), alphaSE: se,
                                 alphaCILow: fit.alpha - 1.959963984540054 * se, alphaCIHigh: fit.alpha + 1.959963984540054 * se)
    }
}
