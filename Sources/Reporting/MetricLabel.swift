/// Axis labels for the metric keys of scenario reports (`spectrum.spikes` → "spikes above the
/// Marchenko–Pastur edge").
enum MetricLabel {
    static let names: [String: String] = [
        "std": "std", "mean": "mean", "skewness": "skewness", "excess_kurtosis": "excess kurtosis", "sparsity": "fraction of exact zeros",
        "tail_3sigma_fraction": "fraction beyond 3σ", "gennorm_beta": "generalised-Gaussian β", "weibull_k": "Weibull k of |w|",
        "weibull_lambda": "Weibull λ of |w|", "std_ratio": "std / scheduled std", "schedule_std": "scheduled std",
        "spectrum.spikes": "spikes above the Marchenko–Pastur edge", "spectrum.bulk_ks": "KS distance of the bulk to Marchenko–Pastur",
        "spectrum.mp_sigma2": "fitted Marchenko–Pastur σ²",
        "ks.p_value": "Lilliefors KS p-value", "ks.statistic": "Lilliefors KS distance D",
        "anderson_darling.p_value": "Anderson–Darling p-value", "cramer_von_mises.p_value": "Cramér–von Mises p-value",
        "jarque_bera.p_value": "Jarque–Bera p-value", "normality.wasserstein_1": "Wasserstein-1 distance to the normal (σ units)",
        "iid.row_homogeneity.p_value": "row-variance test p-value", "iid.row_variance_ratio": "row-variance ratio",
        "iid.column_variance_ratio": "column-variance ratio",
        "filters.three_sigma.excess_kurtosis": "excess kurtosis after the 3σ filter",
        "filters.small_values.excess_kurtosis": "excess kurtosis after the small-value filter",
        "filters.three_sigma.ks.statistic": "KS distance D after the 3σ filter",
        "filters.small_values.ks.statistic": "KS distance D after the small-value filter",
        "filters.small_values.kept_fraction": "fraction kept by the small-value filter",
        "filters.three_sigma.kept_fraction": "fraction kept by the 3σ filter",
        "best_fit.wstar": "W* is the best fit by BIC", "fit.wstar.c": "fitted W* c", "fit.wstar.pi0": "fitted W* π0",
        "fit.wstar.sigma": "fitted W* σ", "fit.wstar.outliers": "fitted W* outlier fraction", "fit.wstar.outlier_scale": "fitted W* outlier scale",
        "sigma_gap": "σ gap", "loss_gap": "loss gap", "sigma_gap_ratio": "σ gap / closed form", "loss_gap_ratio": "loss gap / closed form",
        "average.distance": "distance to W* of the average", "average.distance_over_theory": "average's distance / theory",
        "average.rank": "rank of the average", "amplify.relative_to_average": "amplify-largest distance / average's",
        "ties.relative_to_average": "trim-and-elect distance / average's", "noise_shrinkage_ratio": "noise shrinkage ratio",
        "loss.test_ratio": "test loss after / before fine-tuning", "diverged": "diverged",
    ]

    /// A readable name of a metric key.
    static func name(_ metric: String) -> String {
        names[metric] ?? metric.replacingOccurrences(of: "_", with: " ").replacingOccurrences(of: ".", with: ": ")
    }

    /// The y label of a claim: the metric, with the statistic when it is not the mean (the
    /// claims figure's title says values are means over replicates).
    static func claim(metric: String, statistic: String) -> String {
        let m = name(metric)
        switch statistic {
        case "mean": return m
        case "median": return "\(m) (median)"
        case "rejection_rate":
            let test = m.hasSuffix(" p-value") ? String(m.dropLast(8)) : m
            return "rejection rate of \(test)"
        case "fraction": return "fraction of replicates: \(m)"
        case "spearman_depth": return "Spearman ρ of \(m) with depth"
        default: return "\(statistic.replacingOccurrences(of: "_", with: " ")) of \(m)"
        }
    }
}
