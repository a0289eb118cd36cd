import Analysis

/// The moment metrics of a tensor (always produced): counts, the point moments, the
/// `moments.*` estimates with their standard errors and 95 % intervals, and the kurtosis test.
extension MetricCatalogue {
    static var moments: [TensorMetric] {
        let m = TensorMetric.self
        var out: [TensorMetric] = [
            m.init("count", "count", "number of values n (including non-finite ones)") { Double($0.count) },
            m.init("nan_count", "count", "number of NaN values") { Double($0.nanCount) },
            m.init("inf_count", "count", "number of ±∞ values") { Double($0.infCount) },
            m.init("depth", "layer", "layer index (from the experiment, else read from the tensor name)") { $0.depth.map(Double.init) },
            m.init("mean", "weight", "sample mean x̄ = Σx/n") { $0.mean },
            m.init("std", "weight", "population standard deviation σ = √(Σ(x − x̄)²/n)") { $0.std },
            m.init("skewness", "", "sample skewness m₃/m₂^{3/2} (0 for symmetric laws)") { $0.skewness },
            m.init("excess_kurtosis", "", "excess kurtosis m₄/m₂² − 3 (0 for a Gaussian, 3 for Laplace)") { $0.excessKurtosis },
            m.init("tail_3sigma_fraction", "fraction", "fraction with |x − x̄| > 3σ (0.0027 for a Gaussian)") { $0.tail3SigmaFraction },
            m.init("sparsity", "fraction", "fraction of exact zeros") { $0.sparsity },
            m.init("kurtosis_test.statistic", "z", "Anscombe–Glynn z of the excess kurtosis (≈ N(0,1) under normality)") { kurtosisTest($0).z },
            m.init("kurtosis_test.p_value", "p-value", "two-sided p-value of the Anscombe–Glynn kurtosis test") { kurtosisTest($0).p },
            m.init("moments.count", "count", "number of finite values the moments use") { Double($0.moments.count) },
            m.init("moments.nan_count", "count", "number of NaN values") { Double($0.moments.nanCount) },
            m.init("moments.inf_count", "count", "number of ±∞ values") { Double($0.moments.infCount) },
            m.init("moments.min", "weight", "smallest finite value") { $0.moments.min },
            m.init("moments.max", "weight", "largest finite value") { $0.moments.max },
            m.init("moments.zero_fraction", "fraction", "fraction of exact zeros") { $0.moments.zeroFraction },
            m.init("moments.small_fraction", "fraction", "fraction with |x| < moments.small_threshold") { $0.moments.smallFraction },
            m.init("moments.small_threshold", "weight", "the threshold of moments.small_fraction") { $0.moments.smallThreshold },
            m.init("moments.tail_3sigma_fraction", "fraction", "fraction with |x − x̄| > 3σ") { $0.moments.tail3Sigma },
            m.init("moments.tail_3sigma_z", "z", "(tail_3sigma_fraction − 0.0026998)/SE under the normal") { $0.moments.tail3SigmaZ },
            m.init("moments.sign_z", "z", "(#{x > x̄} − #{x < x̄})/√#{x ≠ x̄}: symmetry about the mean (≈ N(0,1) if symmetric)") { $0.moments.signZ },
        ]
        let estimates: [(String, String, @Sendable (MomentSummary) -> Estimate)] = [
            ("mean", "weight", { $0.mean }), ("std", "weight", { $0.std }),
            ("skewness", "", { $0.skewness }), ("excess_kurtosis", "", { $0.excessKurtosis }),
        ]
        for (name, unit, get) in estimates {
            out += [
                m.init("moments.\(name).value", unit, "the \(name) estimate") { get($0.moments).value },
                m.init("moments.\(name).se", unit, "standard error of the \(name) estimate") { get($0.moments).standardError },
                m.init("moments.\(name).ci_low", unit, "lower end of the 95 % interval of the \(name)") { get($0.moments).ciLow },
                m.init("moments.\(name).ci_high", unit, "upper end of the 95 % interval of the \(name)") { get($0.moments).ciHigh },
            ]
        }
        return out
    }

    /// The Anscombe–Glynn test on the finite values (``KurtosisTest``).
    private static func kurtosisTest(_ r: TensorReport) -> (z: Double, p: Double) {
        let t = KurtosisTest.test(excessKurtosis: r.excessKurtosis, n: r.count - r.nanCount - r.infCount)
        return (t.z, t.p)
    }
}
