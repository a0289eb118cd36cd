import Distributions

/// The closed-form values a claim may name as `theory.*`: those of the law a `sample:` experiment
/// draws from, or of the entries of a `low_rank:` update.
///
/// ```
/// law:       theory.mean, theory.variance, theory.std, theory.skewness, theory.excess_kurtosis,
///            theory.kurtosis, theory.tail_3sigma = F(μ − 3σ) + 1 − F(μ + 3σ)
/// low rank:  theory.std, theory.variance, theory.excess_kurtosis = (κa·κb − 3)/r, theory.kurtosis
/// ```
enum TheoryValues {
    static func of(_ law: any Distribution) -> [String: Double] {
        let m = law.moments
        let sd = m.std
        return [
            "theory.mean": m.mean, "theory.variance": m.variance, "theory.std": sd,
            "theory.skewness": m.skewness, "theory.excess_kurtosis": m.excessKurtosis, "theory.kurtosis": m.kurtosis,
            "theory.tail_3sigma": law.cdf(m.mean - 3 * sd) + law.survival(m.mean + 3 * sd),
        ]
    }

    static func of(_ lowRank: (std: Double, excessKurtosis: Double)) -> [String: Double] {
        ["theory.std": lowRank.std, "theory.variance": lowRank.std * lowRank.std,
         "theory.excess_kurtosis": lowRank.excessKurtosis, "theory.kurtosis": 3 + lowRank.excessKurtosis]
    }
}
