import Foundation
import TensorIO

/// Weibull k and λ of |w| by the middle-80 % probability-plot protocol:
/// ```
/// 1. |w| in fp32, clipped below at 1e-13; histogram of log10|w|, 1024 bins over [−12, 2]
/// 2. mid-bin empirical CDF F = (cumulative − h/2)/N
/// 3. keep bins with 0.10 ≤ F ≤ 0.90 and h > 0
/// 4. weighted least squares (weights = counts) of y = ln(−ln(1 − F)) on x = ln|w| (bin centre):
///    slope = k, λ = exp(−intercept/k)
/// ```
/// Gaussian weights give k ≈ 1.205, λ ≈ 0.887σ.
public struct WeibullFit: Sendable, Codable, Equatable {
    public var k: Double
    public var lambda: Double
    /// Bins used in the regression.
    public var bins: Int

    /// One non-empty bin of the probability plot: x = ln|w| at the bin centre,
    /// y = ln(−ln(1 − F)) at its mid-bin empirical CDF, its count, and whether it lies in the
    /// middle 80 % that the regression uses.
    public struct PlotPoint: Sendable, Equatable {
        public var x: Double
        public var y: Double
        public var count: Double
        public var used: Bool
    }

    /// The probability-plot points of |w| (steps 1–3 of the protocol), every non-empty bin with
    /// 0 < F < 1.
    public static func plotPoints(_ values: UnsafeBufferPointer<Double>) -> [PlotPoint] {
        plotPoints(histogram: histogram(values), total: values.count)
    }

    /// Step 1: the counts per bin of log10|w|. Exact zeros fall in bin 0 (|w| is clipped to
    /// 10⁻¹³), so the histogram of the non-zero values is this one less their count in bin 0.
    public static func histogram(_ values: UnsafeBufferPointer<Double>) -> [Double] {
        let table = LogBinTable.weibull, binCount = table.bins
        // Per-chunk integer counts on both cores (an increment per value, no floating-point
        // add waiting on the previous one), added in chunk order.
        let x = ParallelLoop.Shared(buffer: values)
        var h = [Double](repeating: 0, count: binCount)
        for part in ParallelLoop.chunks(count: values.count, { r -> [Int] in
            [Int](unsafeUninitializedCapacity: binCount) { counts, initialised in
                counts.initialize(repeating: 0)
                for i in r { counts[table.bin(x.buffer[i])] &+= 1 }
                initialised = binCount
            }
        }) {
            for b in 0..<binCount { h[b] += Double(part[b]) }
        }
        return h
    }

    /// Steps 2–3 from the ``histogram(_:)`` `h` of `total` values.
    public static func plotPoints(histogram h: [Double], total count: Int) -> [PlotPoint] {
        let table = LogBinTable.weibull
        let total = Double(count)
        var points: [PlotPoint] = []
        var cumulative = 0.0
        for b in 0..<table.bins {
            cumulative += h[b]
            guard h[b] > 0 else { continue }
            let f = (cumulative - h[b] / 2) / total
            guard f > 0, f < 1 else { continue }
            points.append(PlotPoint(x: (table.lo + (Double(b) + 0.5) * table.width) * log(10.0), y: log(-log(1 - f)),
                                    count: h[b], used: f >= 0.10 && f <= 0.90))
        }
        return points
    }

    public static func fit(_ values: UnsafeBufferPointer<Double>) throws(AnalysisError) -> WeibullFit {
        try fit(histogram: histogram(values), total: values.count)
    }

    /// The protocol from the ``histogram(_:)`` `h` of `total` values.
    public static func fit(histogram h: [Double], total: Int) throws(AnalysisError) -> WeibullFit {
        guard total >= 8 else { throw .notEnoughData(n: total, needed: 8) }
        var sw = 0.0, sx = 0.0, sy = 0.0, sxx = 0.0, sxy = 0.0
        var used = 0
        for p in plotPoints(histogram: h, total: total) where p.used {
            let w = p.count
            sw += w; sx += w * p.x; sy += w * p.y; sxx += w * p.x * p.x; sxy += w * p.x * p.y
            used += 1
        }
        guard used >= 2 else { throw .notEnoughData(n: used, needed: 2) }
        let k = (sw * sxy - sx * sy) / (sw * sxx - sx * sx)
        let intercept = (sy - k * sx) / sw
        return WeibullFit(k: k, lambda: exp(-intercept / k), bins: used)
    }
}
