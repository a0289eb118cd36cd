import Distributions

/// The closed-form values a claim may name as `theory.*`, for experiments that draw from one law.
///
/// ```
/// theory.mean, theory.variance, theory.std, theory.skewness, theory.excess_kurtosis,
/// theory.kurtosis, theory.tail_3sigma = F(μ − 3σ) + 1 − F(μ + 3σ)
/// ```
enum TheoryValues {
    static let names = ["theory.mean", "theory.variance", "theory.std", "theory.skewness",
                        "theory.excess_kurtosis", "theory.kurtosis", "theory.tail_3sigma"]

    static func of(_ law: any Distribution) -> [String: Double] {
        let m = law.moments
        let sd = m.std
        return [
            "theory.mean": m.mean, "theory.variance": m.variance, "theory.std": sd,
            "theory.skewness": m.skewness, "theory.excess_kurtosis": m.excessKurtosis, "theory.kurtosis": m.kurtosis,
            "theory.tail_3sigma": law.cdf(m.mean - 3 * sd) + law.survival(m.mean + 3 * sd),
        ]
    }
}
