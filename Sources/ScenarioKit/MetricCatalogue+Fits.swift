import Analysis

/// The law fits (`fits`, ``Fits``): generalised-Gaussian β, the Weibull diagnostic, each law's
/// fitted parameters and which law won on BIC.
extension MetricCatalogue {
    /// The laws the analyzer fits (W* only when the data have outliers), with their parameters;
    /// every law also gets `pi0`, the fraction of exact zeros, when the tensor has zeros.
    static let fittedLaws: [(law: String, parameters: [(String, String, String)])] = [
        ("gaussian", [("mean", "weight", "mean μ"), ("sigma", "weight", "std σ")]),
        ("laplace", [("mean", "weight", "location (median)"), ("scale", "weight", "scale b (mean absolute deviation)")]),
        ("gennorm", [("beta", "", "shape β (2: Gaussian, 1: Laplace)"), ("scale", "weight", "scale"), ("mean", "weight", "location")]),
        ("studentt", [("nu", "", "degrees of freedom ν"), ("scale", "weight", "scale"), ("mean", "weight", "location")]),
        ("truncated", [("sigma", "weight", "σ of the Gaussian before truncation"), ("c", "", "bound in σ units")]),
        ("wstar", [("sigma", "weight", "σ of the truncated body"), ("c", "", "body bound in σ units"),
                   ("outliers", "fraction", "fraction of outliers beyond the largest gap"), ("outlier_scale", "", "median outlier magnitude / σ̂")]),
    ]

    static var candidateLaws: [String] { fittedLaws.map(\.law) }

    static var fits: [TensorMetric] {
        let f: [AnalysisPart] = [.fits]
        var out = [
            TensorMetric("gennorm_beta", "", "generalised-Gaussian shape β by maximum likelihood (= fit.gennorm.beta)", needs: f) { $0.gennormBeta },
            TensorMetric("gennorm_beta_moment", "", "generalised-Gaussian β matching the sample kurtosis (method of moments)", needs: f) { $0.gennormBetaMoment },
            TensorMetric("weibull_k", "", "Weibull shape k of |w| on the middle 80 % (the Weibull diagnostic)", needs: f) { $0.weibullK },
            TensorMetric("weibull_lambda", "weight", "Weibull scale λ of |w|", needs: f) { $0.weibullLambda },
            TensorMetric("weibull_k_nonzero", "", "weibull_k on the non-zero |w| only (present when there are exact zeros)", needs: f) { $0.weibullKNonzero },
            TensorMetric("weibull_lambda_nonzero", "weight", "weibull_lambda on the non-zero |w| only", needs: f) { $0.weibullLambdaNonzero },
        ]
        for (law, parameters) in fittedLaws {
            out.append(TensorMetric("best_fit.\(law)", "0/1", "1 when \(law) has the lowest BIC among the fitted laws, else 0", needs: f) {
                $0.bestFit.map { $0 == law ? 1 : 0 }
            })
            for (p, unit, doc) in parameters + [("pi0", "fraction", "fraction of exact zeros (present when there are zeros)")] {
                out.append(TensorMetric("fit.\(law).\(p)", unit, "\(law) fit: \(doc)", needs: f) { $0.fit?[law]?[p] })
            }
        }
        return out
    }
}
