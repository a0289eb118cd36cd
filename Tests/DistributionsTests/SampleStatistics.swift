import Foundation

/// Moments of a sample with standard errors from batch means, for checking laws against theory.
///
/// The whole sample gives the estimate; the spread of the same statistic over B equal batches
/// gives its standard error as sd(batch statistics)·√(1/B)·√(n_batch/n)… i.e. sd/√B for B batches
/// of n/B draws, which needs no higher moments of the law.
struct SampleStatistics {
    let mean: Double
    let variance: Double
    let skewness: Double
    let excessKurtosis: Double
    let seMean: Double
    let seVariance: Double
    let seSkewness: Double
    let seKurtosis: Double

    static func moments(_ x: ArraySlice<Double>) -> (Double, Double, Double, Double) {
        let n = Double(x.count)
        let m = x.reduce(0, +) / n
        var m2 = 0.0, m3 = 0.0, m4 = 0.0
        for v in x {
            let d = v - m
            let d2 = d * d
            m2 += d2
            m3 += d2 * d
            m4 += d2 * d2
        }
        m2 /= n; m3 /= n; m4 /= n
        return (m, m2, m3 / pow(m2, 1.5), m4 / (m2 * m2) - 3)
    }

    init(_ x: [Double], batches: Int = 100) {
        let all = Self.moments(x[...])
        mean = all.0; variance = all.1; skewness = all.2; excessKurtosis = all.3
        let size = x.count / batches
        var stats: [(Double, Double, Double, Double)] = []
        for b in 0..<batches { stats.append(Self.moments(x[(b * size)..<((b + 1) * size)])) }
        func se(_ f: ((Double, Double, Double, Double)) -> Double) -> Double {
            let v = stats.map(f)
            let m = v.reduce(0, +) / Double(v.count)
            let sd = (v.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(v.count - 1)).squareRoot()
            return sd / Double(batches).squareRoot()
        }
        seMean = se { $0.0 }; seVariance = se { $0.1 }; seSkewness = se { $0.2 }; seKurtosis = se { $0.3 }
    }
}
