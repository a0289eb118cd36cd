import Analysis
import Foundation

/// The readable table and the CSV of `weightlab analyze`.
enum AnalysisTable {
    static func f(_ x: Double?, _ format: String = "%.4g") -> String {
        guard let x else { return "–" }
        return String(format: format, x)
    }

    static func render(_ reports: [TensorReport]) -> String {
        let header = ["tensor", "shape", "std", "skew", "ex.kurt", "tail>3σ", "zeros", "KS D", "p(KS)", "W₁/σ", "β", "Weibull k", "spikes", "best fit", "verdict"]
        var rows = [header]
        for r in reports {
            rows.append([
                r.name, r.shape.map(String.init).joined(separator: "x"), f(r.std), f(r.skewness, "%.3f"), f(r.excessKurtosis, "%.3f"),
                f(r.tail3SigmaFraction * 100, "%.2f%%"), f(r.sparsity, "%.3f"), f(r.ks?.statistic, "%.4f"), f(r.ks?.pValue, "%.3g"),
                f(r.normality?.wasserstein1, "%.4f"), f(r.gennormBeta, "%.3f"), f(r.weibullK, "%.3f"),
                r.spectrum.map { String($0.spikes) } ?? "–", r.bestFit ?? "–", r.verdict,
            ])
        }
        let widths = header.indices.map { c in rows.map { $0[c].count }.max()! }
        return rows.enumerated().map { i, row in
            let line = row.enumerated().map { c, cell in cell.padding(toLength: widths[c], withPad: " ", startingAt: 0) }.joined(separator: "  ")
            return i == 0 ? line + "\n" + widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") : line
        }.joined(separator: "\n")
    }

    static func csv(_ reports: [TensorReport]) -> String {
        let header = "name,shape,dtype,count,nan_count,inf_count,depth,module,mean,std,skewness,excess_kurtosis,tail_3sigma_fraction,sparsity,"
            + "ks_statistic,ks_p_value,anderson_darling_statistic,anderson_darling_p_value,cramer_von_mises_statistic,cramer_von_mises_p_value,"
            + "jarque_bera_statistic,jarque_bera_p_value,wasserstein_1,gennorm_beta,weibull_k,weibull_lambda,mp_sigma2,lambda_plus,spikes,bulk_ks,best_fit,verdict"
        func c(_ x: Double?) -> String { x.map { String(format: "%.10g", $0) } ?? "" }
        var lines = [header]
        for r in reports {
            let cells: [String] = [
                "\"\(r.name)\"", r.shape.map(String.init).joined(separator: "x"), r.dtype, String(r.count), String(r.nanCount), String(r.infCount),
                r.depth.map(String.init) ?? "", r.module, c(r.mean), c(r.std), c(r.skewness), c(r.excessKurtosis), c(r.tail3SigmaFraction), c(r.sparsity),
                c(r.ks?.statistic), c(r.ks?.pValue), c(r.andersonDarling?.statistic), c(r.andersonDarling?.pValue),
                c(r.cramerVonMises?.statistic), c(r.cramerVonMises?.pValue), c(r.jarqueBera?.statistic), c(r.jarqueBera?.pValue),
                c(r.normality?.wasserstein1), c(r.gennormBeta), c(r.weibullK), c(r.weibullLambda), c(r.spectrum?.mpSigma2),
                c(r.spectrum?.lambdaPlus), r.spectrum.map { String($0.spikes) } ?? "", c(r.spectrum?.bulkKS), r.bestFit ?? "", "\"\(r.verdict)\"",
            ]
            lines.append(cells.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
