import Foundation
import GSLKit

extension Fits {
    /// ln L of N(0, σ²) truncated to ±T at n values with Σx² = `sumSquares`:
    /// ```
    /// ln L(σ; T) = −Σx²/(2σ²) − n[½ ln 2π + ln σ + ln(2Φ(T/σ) − 1)]
    /// ```
    /// (scipy.stats.truncnorm.logpdf(x, −T/σ, T/σ, scale=σ) summed).
    static func truncatedLogLikelihood(sigma s: Double, bound t: Double, sumSquares: Double, count n: Double) -> Double {
        -0.5 * sumSquares / (s * s) - n * (0.5 * log(2 * .pi) + log(s) + log(2 * SpecialFunctions.normalCDF(t / s) - 1))
    }

    /// N(0, σ²) truncated to ±T with T = max|x| (the ML bound); σ by Brent in ln σ on
    /// ``truncatedLogLikelihood(sigma:bound:sumSquares:count:)``; c = T/σ.
    /// SE(σ̂) = σ̂/√I with I = −d²ln L/d(ln σ)² at the optimum (central difference, step 10⁻⁴);
    /// SE(ĉ) = ĉ/√I: T̂ converges at rate 1/n, its error is negligible beside σ̂'s 1/√n.
    static func truncatedGaussian(_ x: UnsafeBufferPointer<Double>) throws(AnalysisError) -> LawFit {
        let n = Double(x.count)
        let t = x.reduce(0) { Swift.max($0, Swift.abs($1)) }
        let s2 = x.reduce(0) { $0 + $1 * $1 }
        func ll(_ logSigma: Double) -> Double { truncatedLogLikelihood(sigma: exp(logSigma), bound: t, sumSquares: s2, count: n) }
        let rms = (s2 / n).squareRoot()
        let best: Double
        do { best = try Minimizer.brent(lower: log(rms * 0.3), upper: log(rms * 100), guess: log(rms * 1.1)) { -ll($0) } } catch {
            throw .notEnoughData(n: x.count, needed: 8)
        }
        let sigma = exp(best), c = t / sigma
        let h = 1e-4
        let information = -(ll(best + h) - 2 * ll(best) + ll(best - h)) / (h * h)
        let se: [String: Double] = information > 0 ? ["sigma": sigma / information.squareRoot(), "c": c / information.squareRoot()] : [:]
        return LawFit(parameters: ["sigma": sigma, "c": c], standardErrors: se, logLikelihood: ll(best))
    }

    /// The W* body and outliers on non-zero values: outliers are the values beyond the largest
    /// relative gap in the top 5 % of |x| (a gap of at least 1.5× is required, else there are
    /// none); the body gets the truncated-Gaussian ML fit, the outlier magnitudes a uniform density.
    /// Returns nil when there are no outliers (the fit is then the plain truncated one).
    /// ```
    /// ε̂ = n_out/n,  SE = √(ε̂(1 − ε̂)/n)
    /// outlier_scale = median outlier magnitude / σ̂,
    ///   SE² = (w/(2√n_out)/σ̂)² + (outlier_scale·SE(σ̂)/σ̂)²,  w = width of the outlier range
    ///   (the median of n_out uniform magnitudes has SD ≈ w/(2√n_out))
    /// σ, c and their SEs from the body's truncated fit
    /// ```
    static func wstarBody(_ x: UnsafeBufferPointer<Double>) throws(AnalysisError) -> LawFit? {
        // Only the top 5 % of |x| (and the value just below) need to be in order:
        // top[j] = |x|₍start−1+j₎ of the ascending order.
        let n = x.count
        let start = Swift.max(1, Int(Double(n) * 0.95))
        let top = Selection.largestMagnitudes(x, count: n - start + 1)
        var bestRatio = 1.0, cut = n
        for i in start..<n where top[i - start] > 0 {
            let r = top[i - start + 1] / top[i - start]
            if r > bestRatio { bestRatio = r; cut = i }
        }
        guard bestRatio >= 1.5, cut < n else { return nil }
        let threshold = top[cut - start]
        let outliers = Array(top[(cut - start + 1)...])
        // The body is every value but the outliers (all above the threshold): its size is known.
        var body = [Double]()
        body.reserveCapacity(n - outliers.count)
        for v in x where Swift.abs(v) <= threshold { body.append(v) }
        let truncated = try body.withUnsafeBufferPointer { (b) throws(AnalysisError) in try truncatedGaussian(b) }
        let sigma = truncated.parameters["sigma"]!
        let no = Double(outliers.count), nd = Double(n)
        let eps = no / nd
        let lo = outliers.first!, hi = outliers.last!
        // Outliers: sign ±, magnitude uniform on [lo, hi] (a point mass when lo == hi is given a
        // width of one part in 10⁶ so the density stays finite).
        let width = Swift.max(hi - lo, 1e-6 * hi)
        let ll = truncated.logLikelihood + Double(body.count) * log(1 - eps) + no * (log(eps) - log(2 * width))
        let med = outliers[outliers.count / 2]
        let scale = med / sigma
        var se: [String: Double] = ["outliers": (eps * (1 - eps) / nd).squareRoot()]
        if let seSigma = truncated.standardErrors["sigma"], let seC = truncated.standardErrors["c"] {
            se["sigma"] = seSigma
            se["c"] = seC
            let seMedian = (hi - lo) / (2 * no.squareRoot())
            se["outlier_scale"] = ((seMedian / sigma) * (seMedian / sigma) + (scale * seSigma / sigma) * (scale * seSigma / sigma)).squareRoot()
        }
        return LawFit(parameters: ["sigma": sigma, "c": truncated.parameters["c"]!, "outliers": eps, "outlier_scale": scale],
                      standardErrors: se, logLikelihood: ll)
    }
}
