import Foundation
import GSLKit

/// Fits of the candidate laws to weights, compared by AIC/BIC.
///
/// Exact zeros are handled as a hurdle for every model alike: a zero mass π̂0 = n₀/n contributes
/// n₀ ln π̂0 + (n − n₀) ln(1 − π̂0) (one parameter), and each law is fitted to the non-zero values.
/// This keeps densities and point masses from being compared on different measures.
/// Maximum-likelihood fits use at most `maxFitValues` values (an evenly strided subsample) so a
/// 16M-value tensor costs the same as a 1M-value one; the subsample size is reported.
public enum Fits {
    /// The most values an ML fit looks at.
    public static let maxFitValues = 1 << 20

    /// Every fit, best (lowest AIC) first.
    public static func all(_ values: UnsafeBufferPointer<Double>) throws(AnalysisError) -> [FitResult] {
        let n = values.count
        guard n >= 8 else { throw .notEnoughData(n: n, needed: 8) }
        var nonZero: [Double] = []
        nonZero.reserveCapacity(Swift.min(n, maxFitValues))
        let stride = Swift.max(1, n / maxFitValues)
        var zeros = 0
        for v in values where v == 0 { zeros += 1 }
        var i = 0
        while i < n {
            if values[i] != 0 { nonZero.append(values[i]) }
            i += stride
        }
        guard nonZero.count >= 8 else { throw .notEnoughData(n: nonZero.count, needed: 8) }
        let m = nonZero.count
        // Scale the non-zero log-likelihood up to the full count of non-zeros.
        let weight = Double(n - zeros) / Double(m)
        let p0 = Double(zeros) / Double(n)
        let hurdle = zeros == 0 ? 0 : Double(zeros) * log(p0) + Double(n - zeros) * log(1 - p0)
        let extra = zeros == 0 ? 0 : 1
        var fits: [FitResult] = []
        func add(_ law: String, _ params: [String: Double], _ ll: Double, _ k: Int, _ method: String) {
            var p = params
            if zeros > 0 { p["pi0"] = p0 }
            fits.append(FitResult(law: law, parameters: p, logLikelihood: hurdle + weight * ll, k: k + extra, n: n, method: method))
        }
        try nonZero.withUnsafeBufferPointer { (x) throws(AnalysisError) in
            let g = gaussian(x); add("gaussian", g.0, g.1, 2, "closed form")
            let l = laplace(x); add("laplace", l.0, l.1, 2, "closed form (median, mean absolute deviation)")
            let gg = try generalizedGaussianML(x); add("gennorm", gg.0, gg.1, 3, "profile maximum likelihood over β, loc = mean")
            let t = try studentT(x); add("studentt", t.0, t.1, 3, "maximum likelihood (Nelder–Mead)")
            // k = 3: σ, the bound and the location fixed at 0 by assumption; the ML bound sits at the
            // sample maximum, which inflates ln L, so it is charged like a free location.
            let tn = try truncatedGaussian(x); add("truncated", tn.0, tn.1, 3, "maximum likelihood, bound = max |x|")
            if let w = try wstarBody(x) { add("wstar", w.0, w.1, 4, "truncated body + uniform outlier magnitudes beyond the largest gap") }
        }
        return fits.sorted { $0.aic < $1.aic }
    }

    static func meanVar(_ x: UnsafeBufferPointer<Double>) -> (Double, Double) {
        let n = Double(x.count)
        let m = x.reduce(0, +) / n
        let v = x.reduce(0) { $0 + ($1 - m) * ($1 - m) } / n
        return (m, v)
    }

    static func gaussian(_ x: UnsafeBufferPointer<Double>) -> ([String: Double], Double) {
        let (m, v) = meanVar(x)
        let n = Double(x.count)
        return (["mean": m, "sigma": v.squareRoot()], -0.5 * n * (log(2 * .pi * v) + 1))
    }

    static func laplace(_ x: UnsafeBufferPointer<Double>) -> ([String: Double], Double) {
        let sorted = RadixSort.sorted(x)
        let med = sorted.count % 2 == 1 ? sorted[sorted.count / 2] : 0.5 * (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2])
        let b = Swift.max(x.reduce(0) { $0 + Swift.abs($1 - med) } / Double(x.count), 1e-300)
        return (["mean": med, "scale": b], -Double(x.count) * (log(2 * b) + 1))
    }

    /// β by inverting the moment ratio r(β) = Γ(1/β)Γ(3/β)/Γ(2/β)² = E[x²]/(E|x|)² (centred).
    public static func generalizedGaussianMomentBeta(_ x: UnsafeBufferPointer<Double>) -> Double {
        let (m, _) = meanVar(x)
        var s1 = 0.0, s2 = 0.0
        for v in x { let d = Swift.abs(v - m); s1 += d; s2 += d * d }
        let n = Double(x.count)
        let r = (s2 / n) / ((s1 / n) * (s1 / n))
        func ratio(_ b: Double) -> Double {
            exp(SpecialFunctions.lnGamma(1 / b) + SpecialFunctions.lnGamma(3 / b) - 2 * SpecialFunctions.lnGamma(2 / b))
        }
        // r(β) decreases from ∞ (β → 0) to 1 (β → ∞).
        guard r > ratio(20) else { return 20 }
        guard r < ratio(0.05) else { return 0.05 }
        return (try? Minimizer.root(lower: 0.05, upper: 20, tolerance: 1e-10) { ratio($0) - r }) ?? .nan
    }

    /// Profile likelihood: for fixed β, ŝ^β = (β/n)·Σ|x − μ|^β and
    /// ln L(β) = n[ln β − ln(2ŝ) − ln Γ(1/β)] − n/β. Maximised over ln β ∈ [ln 0.1, ln 100]
    /// (β = 100 is all but the uniform law, the β → ∞ limit).
    public static func generalizedGaussianML(_ x: UnsafeBufferPointer<Double>, loc: Double? = nil) throws(AnalysisError) -> ([String: Double], Double) {
        let mu = loc ?? meanVar(x).0
        let n = Double(x.count)
        let logAbs = UnsafeMutableBufferPointer<Double>.allocate(capacity: x.count)
        defer { logAbs.deallocate() }
        for i in x.indices {
            let a = Swift.abs(x[i] - mu)
            logAbs[i] = a > 0 ? log(a) : -745.0
        }
        let shared = ParallelReduce.Shared(buffer: UnsafeBufferPointer(logAbs))
        func profile(_ logBeta: Double) -> (Double, Double) {
            let b = exp(logBeta)
            // Σ|x − μ|^β on both cores, summed in chunk order (the same for any core count).
            let sum = ParallelReduce.map(count: shared.buffer.count, chunkSize: 1 << 16) { r -> Double in
                var s = 0.0
                for i in r { s += exp(b * shared.buffer[i]) }
                return s
            }.reduce(0, +)
            let s = Foundation.pow(b / n * sum, 1 / b)
            return (n * (log(b) - log(2 * s) - SpecialFunctions.lnGamma(1 / b)) - n / b, s)
        }
        let best: Double
        do { best = try Minimizer.brent(lower: log(0.1), upper: log(100), guess: log(2), tolerance: 1e-7) { -profile($0).0 } } catch {
            throw .notEnoughData(n: x.count, needed: 8)
        }
        let (ll, s) = profile(best)
        return (["beta": exp(best), "scale": s, "mean": mu], ll)
    }

    static func studentT(_ x: UnsafeBufferPointer<Double>) throws(AnalysisError) -> ([String: Double], Double) {
        let (m, v) = meanVar(x)
        let sub = x.count > 200_000 ? Array(Swift.stride(from: 0, to: x.count, by: x.count / 200_000).map { x[$0] }) : Array(x)
        let n = Double(sub.count)
        let values = UnsafeMutableBufferPointer<Double>.allocate(capacity: sub.count)
        defer { values.deallocate() }
        _ = values.initialize(from: sub)
        let shared = ParallelReduce.Shared(buffer: UnsafeBufferPointer(values))
        func ll(_ p: [Double]) -> Double {
            let nu = exp(p[0]), scale = exp(p[1]), loc = p[2]
            let c = SpecialFunctions.lnGamma((nu + 1) / 2) - SpecialFunctions.lnGamma(nu / 2) - 0.5 * log(nu * .pi) - log(scale)
            // Σ ln(1 + z²/ν) on both cores, summed in chunk order.
            let s = ParallelReduce.map(count: shared.buffer.count, chunkSize: 1 << 15) { r -> Double in
                var s = 0.0
                for i in r { let z = (shared.buffer[i] - loc) / scale; s += log1p(z * z / nu) }
                return s
            }.reduce(0, +)
            return n * c - (nu + 1) / 2 * s
        }
        let result: (point: [Double], value: Double)
        do {
            result = try Minimizer.simplex(start: [log(10), log(v.squareRoot()), m], steps: [1, 0.3, 0.1 * v.squareRoot()], tolerance: 1e-6) { -ll($0) }
        } catch { throw .notEnoughData(n: x.count, needed: 8) }
        let p = result.point
        let scaled = -result.value * Double(x.count) / n
        return (["nu": exp(p[0]), "scale": exp(p[1]), "mean": p[2]], scaled)
    }

    /// N(0, σ²) truncated to ±T with T = max|x| (the ML bound); σ by Brent on
    /// ln L(σ) = Σ ln φ(x/σ) − n ln σ − n ln(2Φ(T/σ) − 1). c = T/σ.
    public static func truncatedGaussian(_ x: UnsafeBufferPointer<Double>) throws(AnalysisError) -> ([String: Double], Double) {
        let n = Double(x.count)
        let t = x.reduce(0) { Swift.max($0, Swift.abs($1)) }
        let s2 = x.reduce(0) { $0 + $1 * $1 } / n
        func ll(_ logSigma: Double) -> Double {
            let s = exp(logSigma)
            let z = 2 * SpecialFunctions.normalCDF(t / s) - 1
            return -0.5 * s2 * n / (s * s) - n * (0.5 * log(2 * .pi) + logSigma + log(z))
        }
        let rms = s2.squareRoot()
        let best: Double
        do { best = try Minimizer.brent(lower: log(rms * 0.3), upper: log(rms * 100), guess: log(rms * 1.1)) { -ll($0) } } catch {
            throw .notEnoughData(n: x.count, needed: 8)
        }
        let sigma = exp(best)
        return (["sigma": sigma, "c": t / sigma], ll(best))
    }

    /// The W* body and outliers on non-zero values: outliers are the values beyond the largest
    /// relative gap in the top 5 % of |x| (a gap of at least 1.5× is required, else there are
    /// none); the body gets the truncated-Gaussian ML fit, the outlier magnitudes a uniform density.
    /// Returns nil when there are no outliers (the fit is then the plain truncated one).
    public static func wstarBody(_ x: UnsafeBufferPointer<Double>) throws(AnalysisError) -> ([String: Double], Double)? {
        let abs = x.map { Swift.abs($0) }.withUnsafeBufferPointer { RadixSort.sorted($0) }
        let n = abs.count
        let start = Swift.max(1, Int(Double(n) * 0.95))
        var bestRatio = 1.0, cut = n
        for i in start..<n where abs[i - 1] > 0 {
            let r = abs[i] / abs[i - 1]
            if r > bestRatio { bestRatio = r; cut = i }
        }
        guard bestRatio >= 1.5, cut < n else { return nil }
        let threshold = abs[cut - 1]
        let body = x.filter { Swift.abs($0) <= threshold }
        let outliers = Array(abs[cut...])
        let (tp, tll) = try body.withUnsafeBufferPointer { (b) throws(AnalysisError) in try truncatedGaussian(b) }
        let sigma = tp["sigma"]!
        let no = Double(outliers.count), nd = Double(n)
        let eps = no / nd
        let lo = outliers.first!, hi = outliers.last!
        // Outliers: sign ±, magnitude uniform on [lo, hi] (a point mass when lo == hi is given a
        // width of one part in 10⁶ so the density stays finite).
        let width = Swift.max(hi - lo, 1e-6 * hi)
        let ll = tll + Double(body.count) * log(1 - eps) + no * (log(eps) - log(2 * width))
        let med = outliers[outliers.count / 2]
        return (["sigma": sigma, "c": tp["c"]!, "outliers": eps, "outlier_scale": med / sigma], ll)
    }
}
