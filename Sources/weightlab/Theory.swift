import ArgumentParser
import Distributions
import Foundation

/// `weightlab theory`: the closed-form moments of a law.
struct Theory: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the closed-form moments of a law spec.",
        discussion: """
        Laws: gaussian(sigma, mean), truncated(sigma, c | a, b), laplace(scale), gennorm(beta, scale),
        studentt(nu, scale), mixture(scale=twopoint(s1,s2,p)|uniform(lo,hi)|lognormal(mu,s)|gamma(k,theta),
        by=element|row|column|block, block=RxC), wstar(sigma, c, sparsity, outliers, outlier_scale),
        weibull(k, lambda).
        Example: weightlab theory 'truncated(sigma=1, c=2)' --json -
        """
    )

    @Argument(help: "The law spec.")
    var spec: String

    @OptionGroup var json: JSONOutput
    @OptionGroup var forceFlag: ForceFlag

    func run() throws {
        let law: any Distribution
        do { law = try parseLaw(spec) } catch { throw InputError("\(spec): \(error)") }
        let m = law.moments
        let sd = m.std
        // Two-sided mass beyond 3σ of the law's own mean and std.
        let tail = sd.isFinite && sd > 0 ? law.cdf(m.mean - 3 * sd) + law.survival(m.mean + 3 * sd) : .nan
        let rows: [(String, Double)] = [
            ("mean", m.mean), ("variance", m.variance), ("std", sd), ("skewness", m.skewness),
            ("excess_kurtosis", m.excessKurtosis), ("kurtosis", m.kurtosis), ("tail_3sigma_fraction", tail),
        ]
        if json.path != nil {
            var object: [String: Any] = ["spec": law.description]
            for (k, v) in rows { object[k] = v.isFinite ? v : (v.isNaN ? "nan" : (v > 0 ? "inf" : "-inf")) }
            try json.write(try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys]), overwrite: forceFlag.force)
        }
        if !json.toStdout {
            print(law.description)
            for (k, v) in rows { print("  " + k.padding(toLength: 22, withPad: " ", startingAt: 0) + String(format: "%.6g", v)) }
        }
    }
}
