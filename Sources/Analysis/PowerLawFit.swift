import Foundation
import GSLKit

/// WeightWatcher's power-law fit of an ESD tail: its `WWFit` (weightwatcher 0.7.7,
/// `pl_package='ww'`, the default), re-implemented value for value.
///
/// ```
/// data  = sorted λ with λ > 10⁻⁵ (its EVALS_THRESH), N = |data|; fails when N < 2
/// every data[i], i < N−1, is tried as xmin; the tail is data[i…], n = N − i:
///   s     = Σ_{j≥i} ln(λⱼ/xmin)
///   α     = 1 + n/s                      (continuous MLE; N ≥ 20)
///   α_bc  = 1 + (n − 1)/s                (N < 20: its small-sample fitter, bias-corrected;
///                                         tails of n < 8 or s ≤ 10⁻¹² are not tried)
///   D     = max_{k<n} |1 − (λ_{i+k}/xmin)^{1−α} − k/n|   (KS with the empirical CDF k/n;
///                                         D = 1 when α ≤ 1 or the xmin was not tried)
/// xmin  = the first data[i] of least D   (its small-sample objective J = D − 0.868/√n is
///                                         computed and then overridden by this argmin)
/// σ     = (α − 1)/√n;  xmax = max λ;  num_pl_spikes = #{λ ≥ xmin} over all eigenvalues
/// warning: "over-trained" when α < 2, "under-trained" when α > 6, else ""
/// ```
public struct PowerLawFit: Sendable, Codable, Equatable {
    public var alpha: Double
    public var xmin: Double
    public var xmax: Double
    public var D: Double
    public var sigma: Double
    /// The tail size n (eigenvalues ≥ xmin).
    public var numPLSpikes: Int
    /// True when the small-sample fitter (N < 20) was used.
    public var smallSample: Bool

    enum CodingKeys: String, CodingKey {
        case alpha, xmin, xmax, D, sigma
        case numPLSpikes = "num_pl_spikes"
        case smallSample = "small_sample"
    }

    /// Its floor: eigenvalues at or under it are dropped before the fit.
    public static let floor = 1e-5
    /// Below this many eigenvalues (after the floor) its small-sample fitter runs.
    public static let smallSampleCutoff = 20
    /// Thresholds of its `warning` column.
    public static let overTrained = 2.0, underTrained = 6.0

    /// Its warning word for α.
    public static func warning(alpha: Double) -> String {
        alpha < overTrained ? "over-trained" : alpha > underTrained ? "under-trained" : ""
    }

    /// Fits ascending `eigenvalues`; nil when the fit fails as WeightWatcher's does (fewer than two
    /// eigenvalues over the floor, or a NaN α).
    public static func fit(ascending eigenvalues: [Double]) -> PowerLawFit? {
        let data = eigenvalues.filter { $0 > floor }
        guard data.count >= 2 else { return nil }
        let scan = Scan(data)
        let i = scan.best
        let alpha = scan.alphas[i]
        guard !alpha.isNaN else { return nil }
        let xmin = data[i]
        return PowerLawFit(alpha: alpha, xmin: xmin, xmax: data[data.count - 1], D: scan.ds[i], sigma: scan.sigmas[i],
                           numPLSpikes: eigenvalues.filter { $0 >= xmin }.count, smallSample: scan.small)
    }

    /// The whole xmin scan over sorted data above the floor (also used by the bootstrap).
    struct Scan {
        var alphas: [Double]
        var ds: [Double]
        var sigmas: [Double]
        var small: Bool
        var best: Int

        /// With `guess`, the candidate at that index is tried first: its D, when small, lets the
        /// scan stop most other candidates after their first block. The argmin and its values
        /// are the same with or without it.
        init(_ data: [Double], guess: Int? = nil) {
            let count = data.count
            let logs = data.map { Foundation.log($0) }
            small = count < PowerLawFit.smallSampleCutoff
            alphas = [Double](repeating: 0, count: count - 1)
            ds = [Double](repeating: 1, count: count - 1)
            var anyTried = false
            var bestSoFar = 1.0
            // Tail sums from the top: s_i = Σ_{j≥i} ln λⱼ − n·ln λᵢ.
            var suffix = [Double](repeating: 0, count: count + 1)
            for j in stride(from: count - 1, through: 0, by: -1) { suffix[j] = suffix[j + 1] + logs[j] }
            if let g = guess, g >= 0, g < count - 1, !small {
                let n = Double(count - g), alpha = 1 + n / (suffix[g] - n * logs[g])
                if alpha > 1 { bestSoFar = Swift.min(bestSoFar, Scan.ks(logs, from: g, alpha: alpha)) }
            }
            for i in 0..<(count - 1) {
                let nInt = count - i, n = Double(nInt)
                let s = suffix[i] - n * logs[i]
                if small {
                    guard nInt >= 8, s > 1e-12 else { continue }
                    alphas[i] = 1 + (n - 1) / s
                    anyTried = true
                } else {
                    alphas[i] = 1 + n / s
                }
                // A candidate whose running D passes the best so far cannot win: its scan stops
                // there (ds[i] is then only a lower bound, > the best; the argmin is unchanged).
                if alphas[i] > 1 { ds[i] = Scan.ks(logs, from: i, alpha: alphas[i], stopAbove: bestSoFar) }
                bestSoFar = Swift.min(bestSoFar, ds[i])
            }
            let a = alphas
            sigmas = (0..<(count - 1)).map { (a[$0] - 1) / Double(count - $0).squareRoot() }
            if small && !anyTried {
                // Its fallback: the whole data as the tail (σ keeps the value computed before).
                let n = Double(count), s = suffix[0] - n * logs[0]
                if s > 1e-12 {
                    alphas[0] = 1 + (n - 1) / s
                    ds[0] = Scan.ks(logs, from: 0, alpha: alphas[0])
                }
            }
            var b = 0
            for i in ds.indices where ds[i] < ds[b] { b = i }
            best = b
        }

        /// D = max_k |1 − exp((1 − α)(ln λ_{i+k} − ln λᵢ)) − k/n| over the tail from i, the
        /// exponentials ``blockSize`` at a time (``VectorMath/exp(_:)``).
        /// Stops early once D exceeds `stopAbove` after a block (then the value returned is only
        /// a lower bound).
        static func ks(_ logs: [Double], from i: Int, alpha: Double, stopAbove: Double = .infinity) -> Double {
            let count = logs.count - i
            let n = Double(count), a = 1 - alpha, l0 = logs[i]
            var d = 0.0
            logs.withUnsafeBufferPointer { l in
                withUnsafeTemporaryAllocation(of: Double.self, capacity: blockSize) { e in
                    var k0 = 0
                    while k0 < count {
                        let k1 = Swift.min(k0 + blockSize, count)
                        for k in k0..<k1 { e[k - k0] = a * (l[i + k] - l0) }
                        VectorMath.exp(UnsafeMutableBufferPointer(rebasing: e[0..<(k1 - k0)]))
                        for k in k0..<k1 {
                            let f = l[i + k] == l0 ? 0 : 1 - e[k - k0]
                            d = Swift.max(d, Swift.abs(f - Double(k) / n))
                        }
                        if d > stopAbove { return }
                        k0 = k1
                    }
                }
            }
            return d
        }

        /// Values per block of exponentials in ``ks(_:from:alpha:stopAbove:)``: small, since a scan
        /// that passes the best D so far stops at the end of its block.
        static let blockSize = 64
    }
}
