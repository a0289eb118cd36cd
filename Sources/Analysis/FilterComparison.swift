import Foundation
import TensorIO

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

    /// Both filters on `sorted` (ascending, finite) values. The kept sets are index ranges of the
    /// sorted values — the 3σ set one range, the small-value set the two tails either side of
    /// [−τ, τ] — so nothing is copied.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public static func run<T: WeightScalar>(sorted: UnsafeBufferPointer<T>, mean: Double, std: Double) -> FilterComparison {
        let tau = 1e-3 * std
        let n = sorted.count
        // First index whose value is ≥ t (or > t when `strictly`), by bisection.
        func boundary(_ t: Double, strictly: Bool) -> Int {
            var lo = 0, hi = n
            while lo < hi {
                let mid = (lo + hi) / 2
                if strictly ? Double(sorted[mid]) <= t : Double(sorted[mid]) < t { lo = mid + 1 } else { hi = mid }
            }
            return lo
        }
        func part(_ r: Range<Int>) -> UnsafeBufferPointer<T> { UnsafeBufferPointer(rebasing: sorted[r]) }
        let three = part(boundary(mean - 3 * std, strictly: false)..<boundary(mean + 3 * std, strictly: true))
        let left = part(0..<boundary(-tau, strictly: false)), right = part(boundary(tau, strictly: true)..<n)
        return FilterComparison(threeSigma: statistics([three], total: n), smallValues: statistics([left, right], total: n),
                                smallThreshold: tau)
    }

    /// Moments, Lilliefors KS and Jarque–Bera of the kept values, given as consecutive sorted parts.
    static func statistics<T: WeightScalar>(_ parts: [UnsafeBufferPointer<T>], total: Int) -> Filtered? {
        let k = parts.reduce(0) { $0 + $1.count }
        guard k >= 8 else { return nil }
        let kd = Double(k)
        var sum = 0.0
        for p in parts {
            let x = ParallelLoop.Shared(buffer: p)
            for partial in ParallelLoop.chunks(count: p.count, { r -> Double in
                var s = 0.0
                for i in r { s += Double(x.buffer[i]) }
                return s
            }) { sum += partial }
        }
        let mean = sum / kd
        var m2 = 0.0, m3 = 0.0, m4 = 0.0
        for p in parts {
            let x = ParallelLoop.Shared(buffer: p)
            for partial in ParallelLoop.chunks(count: p.count, { r -> (Double, Double, Double) in
                var s2 = 0.0, s3 = 0.0, s4 = 0.0
                for i in r {
                    let d = Double(x.buffer[i]) - mean, d2 = d * d
                    s2 += d2; s3 += d2 * d; s4 += d2 * d2
                }
                return (s2, s3, s4)
            }) { m2 += partial.0; m3 += partial.1; m4 += partial.2 }
        }
        guard m2 > 0 else { return nil }
        let variance = m2 / kd
        let skewness = m3 / kd / Foundation.pow(variance, 1.5), kurtosis = m4 / kd / (variance * variance) - 3
        let d = NormalityTests.ksStatistic(parts, mean: mean, std: variance.squareRoot())
        let jb = kd / 6 * (skewness * skewness + kurtosis * kurtosis / 4)
        return Filtered(kept: k, keptFraction: kd / Double(total), std: variance.squareRoot(), skewness: skewness, excessKurtosis: kurtosis,
                        ks: TestResult(statistic: d, pValue: NormalityTests.lillieforsP(d, n: k), method: NormalityTests.lillieforsMethod),
                        jarqueBera: TestResult(statistic: jb, pValue: exp(-jb / 2), method: NormalityTests.jarqueBeraMethod))
    }
}
