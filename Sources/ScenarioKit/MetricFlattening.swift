import Analysis
import Foundation

/// Turns a tensor report into named numbers: every numeric leaf of its JSON form under its dotted
/// key path (`ks.p_value`, `spectrum.spikes`, `fit.wstar.c`, `moments.std.ci_low`);
/// lists and strings are left out; `best_fit.<law>` is 1 for the law with the lowest BIC, else 0;
/// `kurtosis_test.statistic` / `.p_value` add the Anscombe–Glynn kurtosis test (``KurtosisTest``).
enum MetricFlattening {
    /// The laws the analyzer fits (W* only when the data have outliers).
    static let candidateLaws = ["gaussian", "laplace", "gennorm", "studentt", "truncated", "wstar"]

    static func flatten(_ report: TensorReport) -> [(String, Double)] {
        let encoder = JSONEncoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        guard let data = try? encoder.encode(report), let object = try? JSONSerialization.jsonObject(with: data) else { return [] }
        var out: [(String, Double)] = []
        walk(object, prefix: "", into: &out)
        // Which law won on BIC, as indicators: best_fit.wstar = 1 when W* has the lowest BIC.
        if let best = report.bestFit {
            for law in candidateLaws { out.append(("best_fit.\(law)", law == best ? 1 : 0)) }
        }
        let kurtosis = KurtosisTest.test(excessKurtosis: report.excessKurtosis, n: report.count - report.nanCount - report.infCount)
        out.append(("kurtosis_test.statistic", kurtosis.z))
        out.append(("kurtosis_test.p_value", kurtosis.p))
        return out.sorted { $0.0 < $1.0 }
    }

    private static func walk(_ value: Any, prefix: String, into out: inout [(String, Double)]) {
        switch value {
        case let d as [String: Any]:
            for (k, v) in d where k != "eigenvalues" { walk(v, prefix: prefix.isEmpty ? k : prefix + "." + k, into: &out) }
        case let n as NSNumber:
            out.append((prefix, n.doubleValue))
        case let s as String:
            switch s {
            case "nan": out.append((prefix, .nan))
            case "inf": out.append((prefix, .infinity))
            case "-inf": out.append((prefix, -.infinity))
            default: break
            }
        default: break
        }
    }
}
