import Distributions
import Foundation
import GSLKit
import TensorIO

/// The model-level summary of the heavy-tail metrics, over all matrices and by module kind (beside
/// ``GroupSummary``): WeightWatcher's `get_summary` averages α, α̂ and the log norms; here each
/// also gets a median and 95 % intervals.
///
/// ```
/// mean ± t_{0.975, n−1}·s/√n                 (the t interval of the mean)
/// median in [x₍ₗ₎, x₍ₙ₋ₗ₊₁₎], l the largest j ≥ 1 with P(Bin(n, ½) ≤ j − 1) ≤ 0.025
///                                            (distribution-free; [min, max] for n < 6)
/// ```
/// Only layers whose fit succeeded enter α and α̂; every analysed matrix enters the norms.
public struct SpectralSummary: Sendable, Codable, Equatable {
    public struct Statistic: Sendable, Codable, Equatable {
        public var n: Int
        public var mean: Double
        public var meanCILow: Double
        public var meanCIHigh: Double
        public var median: Double
        public var medianCILow: Double
        public var medianCIHigh: Double

        enum CodingKeys: String, CodingKey {
            case n, mean, median
            case meanCILow = "mean_ci_low"
            case meanCIHigh = "mean_ci_high"
            case medianCILow = "median_ci_low"
            case medianCIHigh = "median_ci_high"
        }

        /// nil for no values.
        public static func of(_ x: [Double]) -> Statistic? {
            let s = x.filter(\.isFinite).sorted(), n = s.count
            guard n > 0 else { return nil }
            let mean = SampleMoments.mean(s)
            let sd = n > 1 ? SampleMoments.std(s, mean: mean) : .nan
            let half = n > 1 ? SpecialFunctions.studentTQuantile(0.975, dof: Double(n - 1)) * sd / Double(n).squareRoot() : .nan
            var l = 1
            while l < n / 2, SpecialFunctions.binomialCDF(UInt32(l), p: 0.5, n: UInt32(n)) <= 0.025 { l += 1 }
            let median = n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2])
            return Statistic(n: n, mean: mean, meanCILow: mean - half, meanCIHigh: mean + half, median: median,
                             medianCILow: s[l - 1], medianCIHigh: s[n - l])
        }
    }

    public var group: String
    public var matrices: Int
    public var alpha: Statistic?
    public var alphaWeighted: Statistic?
    public var logNorm: Statistic?
    public var logSpectralNorm: Statistic?
    public var stableRank: Statistic?
    public var overTrained: Int
    public var underTrained: Int
    public var traps: Int?

    enum CodingKeys: String, CodingKey {
        case group, matrices, alpha, traps
        case alphaWeighted = "alpha_weighted"
        case logNorm = "log_norm"
        case logSpectralNorm = "log_spectral_norm"
        case stableRank = "stable_rank"
        case overTrained = "over_trained"
        case underTrained = "under_trained"
    }

    /// "all" first, then one summary per module kind in first-seen order; empty when no report
    /// has heavy-tail metrics.
    public static func groups(_ reports: [TensorReport]) -> [SpectralSummary] {
        let analysed = reports.filter { $0.heavyTail != nil }
        guard !analysed.isEmpty else { return [] }
        var order: [ModuleKind] = []
        for r in analysed where !order.contains(r.module) { order.append(r.module) }
        return [summary("all", analysed)] + order.map { m in summary(m.rawValue, analysed.filter { $0.module == m }) }
    }

    static func summary(_ group: String, _ reports: [TensorReport]) -> SpectralSummary {
        let h = reports.compactMap(\.heavyTail)
        let trapped = h.compactMap { $0.traps?.traps }
        return SpectralSummary(
            group: group, matrices: h.count, alpha: .of(h.compactMap(\.alpha)), alphaWeighted: .of(h.compactMap(\.alphaWeighted)),
            logNorm: .of(h.map(\.logNorm)), logSpectralNorm: .of(h.map(\.logSpectralNorm)), stableRank: .of(h.map(\.stableRank)),
            overTrained: h.filter(\.overTrained).count, underTrained: h.filter(\.underTrained).count,
            traps: trapped.isEmpty ? nil : trapped.reduce(0, +))
    }
}
