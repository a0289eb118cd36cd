import Distributions
import Foundation
import GSLKit

/// Beyond WeightWatcher: likelihood-ratio tests of the fitted power-law tail (x ≥ xmin, n values)
/// against three alternatives fitted by maximum likelihood on the same tail (CSN 2009, §5;
/// the `powerlaw` package's `loglikelihood_ratio`).
///
/// ```
/// power law:        ln p = ln((α−1)/xmin) − α·ln(x/xmin)                       (α from the fit)
/// exponential:      ln p = ln β − β(x − xmin),  β = 1/(x̄ − xmin)
/// log-normal:       ln p = −ln(xσ√(2π)) − (ln x − μ)²/(2σ²) − ln Q((ln xmin − μ)/σ)
/// truncated PL:     ln p = (1−a)·ln b − ln Γ(1−a, b·xmin) − a·ln x − b·x,   b > 0
/// R = Σᵢ (ln p_PL(xᵢ) − ln p_alt(xᵢ))   (> 0 favours the power law)
/// s² = (1/n)Σ(dᵢ − d̄)²,  normalized_ratio = R/(s√n)
/// p = erfc(|R|/√(2n s²))                 (Vuong, non-nested: exponential, log-normal)
/// p = P(χ²₁ > 2|R|)                      (nested: the power law is the b → 0 truncated PL)
/// ```
/// Small p: the sign of R is significant.
public struct TailComparisons: Sendable, Codable, Equatable {
    public struct Ratio: Sendable, Codable, Equatable {
        public var logLikelihoodRatio: Double
        public var normalizedRatio: Double
        public var pValue: Double

        enum CodingKeys: String, CodingKey {
            case logLikelihoodRatio = "log_likelihood_ratio"
            case normalizedRatio = "normalized_ratio"
            case pValue = "p_value"
        }
    }

    public var exponential: Ratio?
    public var lognormal: Ratio?
    public var truncatedPowerLaw: Ratio?

    enum CodingKeys: String, CodingKey {
        case exponential, lognormal
        case truncatedPowerLaw = "truncated_power_law"
    }

    /// The three tests on the tail of ascending `eigenvalues` (nil with fewer than 3 tail values,
    /// or when the tail has no spread: every value within 10⁻⁶ of the largest, as the spectrum of
    /// an orthogonal matrix, where no alternative is identifiable and the truncated power law's
    /// Γ(1 − a, ·) at the huge fitted a would take seconds per matrix).
    public static func run(ascending eigenvalues: [Double], fit: PowerLawFit) -> TailComparisons? {
        let tail = eigenvalues.filter { $0 >= fit.xmin && $0 > PowerLawFit.floor }
        guard tail.count >= 3, fit.alpha > 1, fit.alpha.isFinite else { return nil }
        guard tail.last! - tail.first! > 1e-6 * tail.last! else { return nil }
        let xmin = fit.xmin, a = fit.alpha
        let pl = tail.map { Foundation.log((a - 1) / xmin) - a * Foundation.log($0 / xmin) }
        var out = TailComparisons()
        let mean = tail.reduce(0, +) / Double(tail.count)
        if mean > xmin {
            let beta = 1 / (mean - xmin)
            out.exponential = ratio(pl, tail.map { Foundation.log(beta) - beta * ($0 - xmin) }, nested: false)
        }
        if let ln = lognormal(tail, xmin: xmin) { out.lognormal = ratio(pl, ln, nested: false) }
        if let tpl = truncatedPowerLaw(tail, xmin: xmin, alpha: a) { out.truncatedPowerLaw = ratio(pl, tpl, nested: true) }
        return out
    }

    static func ratio(_ l1: [Double], _ l2: [Double], nested: Bool) -> Ratio? {
        let d = zip(l1, l2).map { $0 - $1 }
        guard d.allSatisfy(\.isFinite) else { return nil }
        let n = Double(d.count)
        let r = d.reduce(0, +)
        let mean = r / n
        let s2 = d.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n
        let p = nested ? SpecialFunctions.chiSquaredSF(Swift.abs(2 * r), dof: 1)
                       : SpecialFunctions.erfc(Swift.abs(r) / (2 * n * s2).squareRoot())
        return Ratio(logLikelihoodRatio: r, normalizedRatio: r / (n * s2).squareRoot(), pValue: s2 > 0 || nested ? p : 1)
    }

    /// Per-point log-likelihoods of the log-normal truncated at xmin, at its ML (μ, σ).
    static func lognormal(_ x: [Double], xmin: Double) -> [Double]? {
        let logs = x.map { Foundation.log($0) }
        let lxmin = Foundation.log(xmin)
        // ln p(x) = −ln x − ln σ − ½ ln 2π − z²/2 − ln Q,  z = (ln x − μ)/σ,  Q = ½ erfc((ln xmin − μ)/(σ√2)):
        // the terms that do not depend on x once per (μ, σ), not once per point.
        func constant(_ mu: Double, _ sigma: Double) -> Double {
            let logQ = SpecialFunctions.logErfc((lxmin - mu) / (sigma * 2.0.squareRoot())) - Foundation.log(2.0)
            return -Foundation.log(sigma) - 0.5 * Foundation.log(2 * Double.pi) - logQ
        }
        let sumLogs = logs.reduce(0, +), n = Double(logs.count)
        let m = SampleMoments.mean(logs)
        let sd = Swift.max(SampleMoments.std(logs, mean: m, ddof: 0), 1e-3)
        guard let best = try? Minimizer.simplex(start: [m, Foundation.log(sd)], steps: [sd, 0.3], tolerance: 1e-9, { p in
            let mu = p[0], sigma = Foundation.exp(p[1])
            let squares = logs.reduce(0) { $0 + ($1 - mu) * ($1 - mu) } / (sigma * sigma)
            return -(n * constant(mu, sigma) - sumLogs - 0.5 * squares)
        }) else { return nil }
        let mu = best.point[0], sigma = Foundation.exp(best.point[1]), c = constant(mu, sigma)
        return logs.map { c - $0 - 0.5 * (($0 - mu) / sigma) * (($0 - mu) / sigma) }
    }

    /// Per-point log-likelihoods of the truncated power law x^{−a}e^{−bx} on [xmin, ∞) at its ML (a, b).
    static func truncatedPowerLaw(_ x: [Double], xmin: Double, alpha: Double) -> [Double]? {
        let logs = x.map { Foundation.log($0) }
        let sumLog = logs.reduce(0, +), sum = x.reduce(0, +), n = Double(x.count)
        func total(_ a: Double, _ b: Double) -> Double {
            let g = SpecialFunctions.upperIncompleteGamma(1 - a, b * xmin)
            guard g > 0, g.isFinite else { return -.infinity }
            return n * ((1 - a) * Foundation.log(b) - Foundation.log(g)) - a * sumLog - b * sum
        }
        guard let best = try? Minimizer.simplex(start: [alpha, Foundation.log(0.01 / xmin)], steps: [0.2, 1], tolerance: 1e-9, { p in
            let v = total(p[0], Foundation.exp(p[1]))
            return v.isFinite ? -v : .infinity
        }) else { return nil }
        let a = best.point[0], b = Foundation.exp(best.point[1])
        let g = SpecialFunctions.upperIncompleteGamma(1 - a, b * xmin)
        guard g > 0, g.isFinite else { return nil }
        let c = (1 - a) * Foundation.log(b) - Foundation.log(g)
        return zip(x, logs).map { c - a * $1 - b * $0 }
    }
}
