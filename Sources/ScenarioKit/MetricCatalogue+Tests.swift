import Analysis

/// The goodness-of-fit tests against the fitted normal (`normality`), the i.i.d. checks of a
/// matrix (`iid`) and the 3σ / small-value filters (`filters`).
extension MetricCatalogue {
    /// `PREFIX.statistic` and `PREFIX.p_value` of a test.
    static func test(_ prefix: String, _ what: String, needs: [AnalysisPart], _ get: @escaping @Sendable (TensorReport) -> TestResult?) -> [TensorMetric] {
        [TensorMetric("\(prefix).statistic", "", "statistic of \(what)", needs: needs) { get($0)?.statistic },
         TensorMetric("\(prefix).p_value", "p-value", "p-value of \(what)", needs: needs) { get($0)?.pValue }]
    }

    static var normality: [TensorMetric] {
        let n: [AnalysisPart] = [.normality]
        var out = test("ks", "Kolmogorov–Smirnov D against the fitted normal (Lilliefors p-value)", needs: n) { $0.ks }
            + test("anderson_darling", "Anderson–Darling A*² = A²(1 + 0.75/n + 2.25/n²) against the fitted normal (D'Agostino–Stephens p)", needs: n) { $0.andersonDarling }
            + test("cramer_von_mises", "Cramér–von Mises W*² = W²(1 + 0.5/n) against the fitted normal (Stephens p)", needs: n) { $0.cramerVonMises }
            + test("jarque_bera", "Jarque–Bera JB = n/6·(g₁² + g₂²/4), p = exp(−JB/2)", needs: n) { $0.jarqueBera }
            + test("normality.ks", "Kolmogorov–Smirnov (as ks)", needs: n) { $0.normality?.ks }
            + test("normality.anderson_darling", "Anderson–Darling (as anderson_darling)", needs: n) { $0.normality?.andersonDarling }
            + test("normality.cramer_von_mises", "Cramér–von Mises (as cramer_von_mises)", needs: n) { $0.normality?.cramerVonMises }
            + test("normality.jarque_bera", "Jarque–Bera (as jarque_bera)", needs: n) { $0.normality?.jarqueBera }
        out += [
            TensorMetric("normality.ks_p_value_plain", "p-value", "KS p-value taking the parameters as known (Kolmogorov law, as scipy.stats.kstest)", needs: n) { $0.normality?.ksPlainPValue },
            TensorMetric("normality.anderson_darling_a2", "", "raw Anderson–Darling A², before the small-sample correction", needs: n) { $0.normality?.andersonDarlingRaw },
            TensorMetric("normality.cramer_von_mises_w2", "", "raw Cramér–von Mises W², before the small-sample correction", needs: n) { $0.normality?.cramerVonMisesRaw },
            TensorMetric("normality.wasserstein_1", "σ", "Wasserstein-1 ∫|Fₙ(z) − Φ(z)| dz to the fitted normal, in σ units", needs: n) { $0.normality?.wasserstein1 },
            TensorMetric("normality.ties.distinct", "count", "number of distinct values", needs: n) { $0.normality.map { Double($0.ties.distinct) } },
            TensorMetric("normality.ties.distinct_fraction", "fraction", "distinct values / n (low for quantised weights)", needs: n) { $0.normality?.ties.distinctFraction },
        ]
        return out
    }

    static var iid: [TensorMetric] {
        let i: [AnalysisPart] = [.iid]
        var out = test("iid.row_homogeneity", "Brown–Forsythe across rows (Levene with medians), F(k − 1, N − k) p-value", needs: i) { $0.iid?.rowHomogeneity }
            + test("iid.column_homogeneity", "Brown–Forsythe across columns (Levene with medians), F(k − 1, N − k) p-value", needs: i) { $0.iid?.columnHomogeneity }
        out += [
            TensorMetric("iid.row_variance_ratio", "", "var(row variances)/E_iid[var(sample variance)] (≈ 1 under i.i.d. whatever the law)", needs: i) { $0.iid?.rowVarianceRatio },
            TensorMetric("iid.column_variance_ratio", "", "var(column variances)/E_iid[var(sample variance)] (≈ 1 under i.i.d.)", needs: i) { $0.iid?.columnVarianceRatio },
            TensorMetric("iid.lag1_row", "", "lag-1 autocorrelation along rows", needs: i) { $0.iid?.lag1Row },
            TensorMetric("iid.lag1_row_z", "z", "lag1_row·√pairs (≈ N(0,1) for i.i.d. entries)", needs: i) { $0.iid?.lag1RowZ },
            TensorMetric("iid.lag1_column", "", "lag-1 autocorrelation along columns", needs: i) { $0.iid?.lag1Column },
            TensorMetric("iid.lag1_column_z", "z", "lag1_column·√pairs (≈ N(0,1) for i.i.d. entries)", needs: i) { $0.iid?.lag1ColumnZ },
        ]
        return out
    }

    static var filters: [TensorMetric] {
        let f: [AnalysisPart] = [.filters]
        var out = [TensorMetric("filters.small_threshold", "weight", "the threshold of the small-value filter", needs: f) { $0.filters?.smallThreshold }]
        let kinds: [(String, String, @Sendable (FilterComparison) -> FilterComparison.Filtered?)] = [
            ("three_sigma", "the values within 3σ of the mean", { $0.threeSigma }),
            ("small_values", "the values with |x| ≥ small_threshold", { $0.smallValues }),
        ]
        for (key, what, get) in kinds {
            let p = "filters.\(key)"
            out += [
                TensorMetric("\(p).kept", "count", "number of \(what)", needs: f) { $0.filters.flatMap(get).map { Double($0.kept) } },
                TensorMetric("\(p).kept_fraction", "fraction", "fraction kept: \(what)", needs: f) { $0.filters.flatMap(get)?.keptFraction },
                TensorMetric("\(p).std", "weight", "std of \(what)", needs: f) { $0.filters.flatMap(get)?.std },
                TensorMetric("\(p).skewness", "", "skewness of \(what)", needs: f) { $0.filters.flatMap(get)?.skewness },
                TensorMetric("\(p).excess_kurtosis", "", "excess kurtosis of \(what)", needs: f) { $0.filters.flatMap(get)?.excessKurtosis },
            ]
            out += test("\(p).ks", "KS against the normal, on \(what)", needs: f) { $0.filters.flatMap(get)?.ks }
            out += test("\(p).jarque_bera", "Jarque–Bera on \(what)", needs: f) { $0.filters.flatMap(get)?.jarqueBera }
        }
        return out
    }
}
