import Analysis
import Foundation

/// The readable table and the CSV of `weightlab analyze`.
enum AnalysisTable {
    static func f(_ x: Double?, _ format: String = "%.4g") -> String {
        guard let x else { return "–" }
        return String(format: format, x)
    }

    /// Left-aligned columns with a rule under the header.
    static func grid(_ rows: [[String]]) -> String {
        let widths = rows[0].indices.map { c in rows.map { $0[c].count }.max()! }
        return rows.enumerated().map { i, row in
            let line = row.enumerated().map { c, cell in cell.padding(toLength: widths[c], withPad: " ", startingAt: 0) }.joined(separator: "  ")
            return i == 0 ? line + "\n" + widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") : line
        }.joined(separator: "\n")
    }

    /// One line per tensor with the verdict, then the summaries by depth and by module kind.
    static func render(_ reports: [TensorReport], byDepth: [GroupSummary] = [], byModule: [GroupSummary] = []) -> String {
        let header = ["tensor", "shape", "std", "skew", "ex.kurt", "tail>3σ", "zeros", "KS D", "p(KS)", "W₁/σ", "β", "Weibull k", "spikes",
                      "best fit (BIC)", "verdict"]
        var rows = [header]
        for r in reports {
            rows.append([
                r.name, r.shape.map(String.init).joined(separator: "x"), f(r.std), f(r.skewness, "%.3f"), f(r.excessKurtosis, "%.3f"),
                f(r.tail3SigmaFraction * 100, "%.2f%%"), f(r.sparsity, "%.3f"), f(r.ks?.statistic, "%.4f"), f(r.ks?.pValue, "%.3g"),
                f(r.normality?.wasserstein1, "%.4f"), f(r.gennormBeta, "%.3f"), f(r.weibullK, "%.3f"),
                r.spectrum.map { String($0.spikes) } ?? "–", r.bestFit ?? "–", r.verdict.description,
            ])
        }
        var out = grid(rows)
        for (title, groups) in [("by depth", byDepth), ("by module", byModule)] where groups.count > 1 {
            var g = [[title, "tensors", "values", "mean std", "mean ex.kurt", "mean β", "mean Weibull k"]]
            for s in groups {
                g.append([s.group, String(s.tensors), String(s.values), f(s.meanStd), f(s.meanExcessKurtosis, "%.3f"),
                          f(s.meanGennormBeta, "%.3f"), f(s.meanWeibullK, "%.3f")])
            }
            out += "\n\n" + grid(g)
        }
        let notes = reports.flatMap { r in (r.notes ?? []).map { "note: \(r.name): \($0)" } }
        if !notes.isEmpty { out += "\n\n" + notes.joined(separator: "\n") }
        return out
    }

    /// The laws of ``Fits`` and their parameters, in CSV column order.
    static let lawParameters: [(String, [String])] = [
        ("gaussian", ["mean", "sigma"]), ("laplace", ["mean", "scale"]), ("gennorm", ["beta", "scale", "mean"]),
        ("studentt", ["nu", "scale", "mean"]), ("truncated", ["sigma", "c"]), ("wstar", ["sigma", "c", "outliers", "outlier_scale"]),
    ]

    /// The CSV's columns: a header and how to read the cell from a report.
    static var columns: [(String, (TensorReport) -> String)] {
        func c(_ x: Double?) -> String { x.map { String(format: "%.10g", $0) } ?? "" }
        func text(_ s: String?) -> String { s.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" } ?? "" }
        func int(_ i: Int?) -> String { i.map(String.init) ?? "" }
        func estimate(_ key: String, _ e: @escaping (TensorReport) -> Estimate) -> [(String, (TensorReport) -> String)] {
            [("\(key)_se", { c(e($0).standardError) }), ("\(key)_ci_low", { c(e($0).ciLow) }), ("\(key)_ci_high", { c(e($0).ciHigh) })]
        }
        func test(_ key: String, _ t: @escaping (TensorReport) -> TestResult?) -> [(String, (TensorReport) -> String)] {
            [("\(key)_statistic", { c(t($0)?.statistic) }), ("\(key)_p_value", { c(t($0)?.pValue) })]
        }
        func filtered(_ key: String, _ f: @escaping (TensorReport) -> FilterComparison.Filtered?) -> [(String, (TensorReport) -> String)] {
            [("\(key)_kept", { int(f($0)?.kept) }), ("\(key)_kept_fraction", { c(f($0)?.keptFraction) }), ("\(key)_std", { c(f($0)?.std) }),
             ("\(key)_skewness", { c(f($0)?.skewness) }), ("\(key)_excess_kurtosis", { c(f($0)?.excessKurtosis) })]
                + test("\(key)_ks", { f($0)?.ks }) + test("\(key)_jarque_bera", { f($0)?.jarqueBera })
        }
        var cols: [(String, (TensorReport) -> String)] = [
            ("name", { text($0.name) }), ("shape", { $0.shape.map(String.init).joined(separator: "x") }), ("dtype", { $0.dtype.name }),
            ("count", { String($0.count) }), ("nan_count", { String($0.nanCount) }), ("inf_count", { String($0.infCount) }),
            ("depth", { int($0.depth) }), ("module", { $0.module.rawValue }), ("mean", { c($0.mean) }),
        ]
        cols += estimate("mean", \.moments.mean)
        cols += [("std", { c($0.std) })] + estimate("std", \.moments.std)
        cols += [("skewness", { c($0.skewness) })] + estimate("skewness", \.moments.skewness)
        cols += [("excess_kurtosis", { c($0.excessKurtosis) })] + estimate("excess_kurtosis", \.moments.excessKurtosis)
        cols += [
            ("min", { c($0.moments.min) }), ("max", { c($0.moments.max) }),
            ("tail_3sigma_fraction", { c($0.tail3SigmaFraction) }), ("tail_3sigma_z", { c($0.moments.tail3SigmaZ) }),
            ("sparsity", { c($0.sparsity) }), ("small_fraction", { c($0.moments.smallFraction) }),
            ("small_threshold", { c($0.moments.smallThreshold) }), ("sign_z", { c($0.moments.signZ) }),
        ]
        cols += test("ks", \.ks) + [("ks_p_value_plain", { c($0.normality?.ksPlainPValue) })]
        cols += test("anderson_darling", \.andersonDarling) + [("anderson_darling_a2", { c($0.normality?.andersonDarlingRaw) })]
        cols += test("cramer_von_mises", \.cramerVonMises) + [("cramer_von_mises_w2", { c($0.normality?.cramerVonMisesRaw) })]
        cols += test("jarque_bera", \.jarqueBera)
        cols += [("wasserstein_1", { c($0.normality?.wasserstein1) }), ("distinct_fraction", { c($0.normality?.ties.distinctFraction) }),
                 ("ties_handling", { text($0.normality?.ties.handling) })]
        cols += [("best_fit", { $0.bestFit ?? "" }), ("best_fit_aic", { $0.bestFitAIC ?? "" }),
                 ("pi0", { r in c(r.fits?.first?.parameters["pi0"]) }), ("pi0_se", { r in c(r.fits?.first?.standardErrors["pi0"]) })]
        for (law, parameters) in lawParameters {
            func fit(_ r: TensorReport) -> FitResult? { r.fits?.first { $0.law == law } }
            cols += [("\(law)_log_likelihood", { c(fit($0)?.logLikelihood) }), ("\(law)_k", { int(fit($0)?.k) }),
                     ("\(law)_aic", { c(fit($0)?.aic) }), ("\(law)_bic", { c(fit($0)?.bic) })]
            for p in parameters {
                cols += [("\(law)_\(p)", { c(fit($0)?.parameters[p]) }), ("\(law)_\(p)_se", { c(fit($0)?.standardErrors[p]) })]
            }
        }
        cols += [("gennorm_beta", { c($0.gennormBeta) }), ("gennorm_beta_moment", { c($0.gennormBetaMoment) }),
                 ("weibull_k", { c($0.weibullK) }), ("weibull_lambda", { c($0.weibullLambda) }),
                 ("weibull_k_nonzero", { c($0.weibullKNonzero) }), ("weibull_lambda_nonzero", { c($0.weibullLambdaNonzero) })]
        cols += [
            ("mp_sigma2", { c($0.spectrum?.mpSigma2) }), ("lambda_plus", { c($0.spectrum?.lambdaPlus) }),
            ("lambda_minus", { c($0.spectrum?.lambdaMinus) }), ("spike_threshold", { c($0.spectrum?.spikeThreshold) }),
            ("spikes", { int($0.spectrum?.spikes) }), ("bulk_ks", { c($0.spectrum?.bulkKS) }),
        ]
        cols += heavyTailColumns(c: c, int: int, text: text)
        cols += test("row_homogeneity", { $0.iid?.rowHomogeneity }) + test("column_homogeneity", { $0.iid?.columnHomogeneity })
        cols += [
            ("row_variance_ratio", { c($0.iid?.rowVarianceRatio) }), ("column_variance_ratio", { c($0.iid?.columnVarianceRatio) }),
            ("lag1_row", { c($0.iid?.lag1Row) }), ("lag1_row_z", { c($0.iid?.lag1RowZ) }),
            ("lag1_column", { c($0.iid?.lag1Column) }), ("lag1_column_z", { c($0.iid?.lag1ColumnZ) }),
        ]
        cols += [("filter_small_threshold", { c($0.filters?.smallThreshold) })]
        cols += filtered("three_sigma", { $0.filters?.threeSigma }) + filtered("small_values", { $0.filters?.smallValues })
        cols += [("notes", { text($0.notes?.joined(separator: "; ")) }), ("verdict", { text($0.verdict.description) })]
        return cols
    }

    /// WeightWatcher's column names for the `heavy_tail` metrics, then WeightLab's additions.
    static func heavyTailColumns(c: @escaping (Double?) -> String, int: @escaping (Int?) -> String,
                                 text: @escaping (String?) -> String) -> [(String, (TensorReport) -> String)] {
        func h(_ key: String, _ v: @escaping (HeavyTailReport) -> Double?) -> (String, (TensorReport) -> String) {
            (key, { r in c(r.heavyTail.flatMap(v)) })
        }
        func i(_ key: String, _ v: @escaping (HeavyTailReport) -> Int?) -> (String, (TensorReport) -> String) {
            (key, { r in int(r.heavyTail.flatMap(v)) })
        }
        var cols: [(String, (TensorReport) -> String)] = [
            i("N", \.n), i("M", \.m), i("rf", \.rf), i("num_evals", \.numEvals),
            ("status", { text($0.heavyTail?.status) }), ("warning", { text($0.heavyTail?.warning) }),
            h("alpha", \.alpha), h("xmin", \.xmin), h("xmax", \.xmax), h("D", \.D), h("sigma", \.sigma), i("num_pl_spikes", \.numPLSpikes),
            h("norm", \.norm), h("log_norm", \.logNorm), h("spectral_norm", \.spectralNorm), h("log_spectral_norm", \.logSpectralNorm),
            h("alpha_weighted", \.alphaWeighted), h("log_alpha_norm", \.logAlphaNorm), h("stable_rank", \.stableRank),
            i("matrix_rank", \.matrixRank), i("rank_loss", \.rankLoss), i("weak_rank_loss", \.weakRankLoss), h("entropy", \.entropy),
            h("mp_softrank", \.mpSoftrank), h("sv_max", \.svMax), h("sv_min", \.svMin), h("lambda_max", \.lambdaMax),
            i("bootstrap_resamples", { $0.bootstrap?.resamples }), h("csn_p_value", { $0.bootstrap?.pValue }),
            h("alpha_se", { $0.bootstrap?.alphaSE }), h("alpha_ci_low", { $0.bootstrap?.alphaCILow }),
            h("alpha_ci_high", { $0.bootstrap?.alphaCIHigh }),
        ]
        let alternatives: [(String, (TailComparisons) -> TailComparisons.Ratio?)] = [
            ("exponential", \.exponential), ("lognormal", \.lognormal), ("truncated_power_law", \.truncatedPowerLaw),
        ]
        for (key, ratio) in alternatives {
            cols += [h("lr_\(key)_log_likelihood_ratio", { $0.comparisons.flatMap(ratio)?.logLikelihoodRatio }),
                     h("lr_\(key)_normalized_ratio", { $0.comparisons.flatMap(ratio)?.normalizedRatio }),
                     h("lr_\(key)_p_value", { $0.comparisons.flatMap(ratio)?.pValue })]
        }
        cols += [i("traps", { $0.traps?.traps }), h("rand_lambda_max", { $0.traps?.randLambdaMax }),
                 h("rand_lambda_plus", { $0.traps?.randLambdaPlus }), h("rand_distance", { $0.traps?.randDistance }),
                 h("ww_softrank", { $0.traps?.wwSoftrank })]
        return cols
    }

    /// One row per tensor with every number of its report (the per-law fits flattened into
    /// `<law>_<parameter>` and `<law>_<parameter>_se` columns); text cells are quoted.
    static func csv(_ reports: [TensorReport]) -> String {
        let cols = columns
        var lines = [cols.map(\.0).joined(separator: ",")]
        for r in reports { lines.append(cols.map { $0.1(r) }.joined(separator: ",")) }
        return lines.joined(separator: "\n") + "\n"
    }
}
