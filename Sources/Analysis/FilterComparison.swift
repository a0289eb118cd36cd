import Foundation

/// The filters of claim C7, side by side with the unfiltered statistics:
/// ```
/// 3σ filter:           keep |x − mean| ≤ 3σ
/// small-value filter:  keep |x| > τ, τ = 10⁻³·σ (drops exact zeros and the spike around 0)
/// ```
/// Each filtered set gets its moments and the Lilliefors KS / Jarque–Bera tests.
public struct FilterComparison: Sendable, Codable, Equatable {
    public struct Filtered: Sendable, Codable, Equatable {
        public var kept: Int
        public var keptFraction: Double
        public var std: Double
        public var skewness: Double
        public var excessKurtosis: Double
        public var ks: TestResult
        public var jarqueBera: TestResult

        enum CodingKeys: String, CodingKey {
            case kept, std, skewness, ks
            case keptFraction = "kept_fraction"
            case excessKurtosis = "excess_kurtosis"
            case jarqueBera = "jarque_bera"
        }
    }

    public var threeSigma: Filtered?
    public var smallValues: Filtered?
    public var smallThreshold: Double

    enum CodingKeys: String, CodingKey {
        case threeSigma = "three_sigma"
        case smallValues = "small_values"
        case smallThreshold = "small_threshold"
    }

    public static func run(sorted: UnsafeBufferPointer<Double>, mean: Double, std: Double) -> FilterComparison {
        let tau = 1e-3 * std
        func stats(_ keep: (Double) -> Bool) -> Filtered? {
            let kept = sorted.filter(keep)
            guard let m = try? kept.withUnsafeBufferPointer({ (p) throws(AnalysisError) in try MomentSummary.of(p) }),
                  let t = try? kept.withUnsafeBufferPointer({ (p) throws(AnalysisError) in
                      try NormalityTests.run(sorted: p, mean: m.mean.value, std: m.std.value, skewness: m.skewness.value,
                                             excessKurtosis: m.excessKurtosis.value)
                  }) else { return nil }
            return Filtered(kept: kept.count, keptFraction: Double(kept.count) / Double(sorted.count), std: m.std.value,
                            skewness: m.skewness.value, excessKurtosis: m.excessKurtosis.value, ks: t.ks, jarqueBera: t.jarqueBera)
        }
        return FilterComparison(threeSigma: stats { Swift.abs($0 - mean) <= 3 * std }, smallValues: stats { Swift.abs($0) > tau },
                                smallThreshold: tau)
    }
}
