import Analysis

/// The Marchenko–Pastur check of a matrix (`spectrum`, ``SpectrumCheck``) and WeightWatcher's
/// heavy-tail metrics with WeightLab's additions (`heavy_tail`, ``HeavyTailReport``).
extension MetricCatalogue {
    static var spectrum: [TensorMetric] {
        let s: [AnalysisPart] = [.spectrum]
        func m(_ name: String, _ unit: String, _ doc: String, _ get: @escaping @Sendable (SpectrumCheck) -> Double) -> TensorMetric {
            TensorMetric("spectrum.\(name)", unit, doc, needs: s) { $0.spectrum.map(get) }
        }
        return [
            m("rows", "count", "m, the short side of W (eigenvalues of (1/n)·W·Wᵀ)") { Double($0.rows) },
            m("columns", "count", "n, the long side of W") { Double($0.columns) },
            m("ratio", "", "q = m/n") { $0.ratio },
            m("mp_sigma2", "weight²", "σ̂², the Marchenko–Pastur scale fitted to the bulk (≈ the entries' variance)") { $0.mpSigma2 },
            m("lambda_plus", "weight²", "upper MP edge λ₊ = σ̂²(1 + √q)²") { $0.lambdaPlus },
            m("lambda_minus", "weight²", "lower MP edge λ₋ = σ̂²(1 − √q)²") { $0.lambdaMinus },
            m("spike_threshold", "weight²", "λ₊ + 6·s/n·σ̂² (Tracy–Widom margin: a false spike has P < 10⁻⁴)") { $0.spikeThreshold },
            m("spikes", "count", "eigenvalues above spike_threshold (structure beyond i.i.d.)") { Double($0.spikes) },
            m("bulk_ks", "", "KS distance between the eigenvalues below the threshold and MP(q, σ̂²)") { $0.bulkKS },
        ]
    }

    static var heavyTail: [TensorMetric] {
        let h: [AnalysisPart] = [.heavyTail]
        func m(_ name: String, _ unit: String, _ doc: String, _ get: @escaping @Sendable (HeavyTailReport) -> Double?) -> TensorMetric {
            TensorMetric("heavy_tail.\(name)", unit, doc, needs: h) { $0.heavyTail.flatMap(get) }
        }
        var out = [
            m("n", "count", "N, the long side of the ESD's matrix (WᵀW, not divided by N)") { Double($0.n) },
            m("m", "count", "M, the short side") { Double($0.m) },
            m("rf", "count", "receptive field (1 for a matrix, kh·kw for a conv kernel)") { Double($0.rf) },
            m("num_evals", "count", "number of eigenvalues in the ESD") { Double($0.numEvals) },
            m("over_trained", "0/1", "1 when α < 2 (WeightWatcher's warning)") { $0.overTrained ? 1 : 0 },
            m("under_trained", "0/1", "1 when α > 6") { $0.underTrained ? 1 : 0 },
            m("alpha", "", "power-law exponent α of the ESD tail λ ≥ xmin (absent when the fit fails)") { $0.alpha },
            m("xmin", "weight²", "start of the power-law tail") { $0.xmin },
            m("xmax", "weight²", "largest eigenvalue of the tail") { $0.xmax },
            m("D", "", "KS distance of the power-law fit on the tail") { $0.D },
            m("sigma", "", "standard error of α, (α − 1)/√n_tail") { $0.sigma },
            m("num_pl_spikes", "count", "eigenvalues in the power-law tail") { $0.numPLSpikes.map(Double.init) },
            m("norm", "weight²", "‖W‖²_F = Σλ") { $0.norm },
            m("log_norm", "", "log10 norm") { $0.logNorm },
            m("spectral_norm", "weight²", "λmax") { $0.spectralNorm },
            m("log_spectral_norm", "", "log10 λmax") { $0.logSpectralNorm },
            m("alpha_weighted", "", "α̂ = α·log10 λmax") { $0.alphaWeighted },
            m("log_alpha_norm", "", "log10 Σ λ^α") { $0.logAlphaNorm },
            m("stable_rank", "", "norm/λmax") { $0.stableRank },
            m("matrix_rank", "count", "#{√λ > √λmax·N·ε}") { Double($0.matrixRank) },
            m("rank_loss", "count", "short side − numerical rank (EmpiricalSpectrum)") { Double($0.rankLoss) },
            m("weak_rank_loss", "count", "#{λ < 10⁻⁶}") { Double($0.weakRankLoss) },
            m("entropy", "", "−Σ pᵢ ln pᵢ / ln(matrix_rank), pᵢ = λᵢ/Σλ: spectral entropy in [0, 1]") { $0.entropy },
            m("mp_softrank", "", "λ₊/λmax with the MP edge of the spectrum check (present when it ran)") { $0.mpSoftrank },
            m("sv_max", "weight", "largest singular value √λmax") { $0.svMax },
            m("sv_min", "weight", "smallest singular value (EmpiricalSpectrum)") { $0.svMin },
            m("lambda_max", "weight²", "largest eigenvalue λmax") { $0.lambdaMax },
            m("bootstrap.resamples", "count", "B, the resamples of the CSN bootstrap") { $0.bootstrap.map { Double($0.resamples) } },
            m("bootstrap.csn_p_value", "p-value", "CSN goodness of fit of the power-law tail, #{D*_b ≥ D}/B (small: rejected)") { $0.bootstrap?.pValue },
            m("bootstrap.alpha_se", "", "bootstrap standard error of α, sd(α*_b)") { $0.bootstrap?.alphaSE },
            m("bootstrap.alpha_ci_low", "", "α − 1.96·alpha_se") { $0.bootstrap?.alphaCILow },
            m("bootstrap.alpha_ci_high", "", "α + 1.96·alpha_se") { $0.bootstrap?.alphaCIHigh },
            m("traps.traps", "count", "correlation traps: eigenvalues of the permuted W above the MP edge + Tracy–Widom margin") { $0.traps.map { Double($0.traps) } },
            m("traps.rand_lambda_max", "weight²", "largest eigenvalue of the permuted W") { $0.traps?.randLambdaMax },
            m("traps.rand_lambda_plus", "weight²", "MP edge σ²(√N + √M)² of the permuted W") { $0.traps?.randLambdaPlus },
            m("traps.rand_distance", "", "Jensen–Shannon distance between the ESDs of W and of the permuted W") { $0.traps?.randDistance },
            m("traps.ww_softrank", "", "max λ_rand / λmax") { $0.traps?.wwSoftrank },
        ]
        let alternatives: [(String, @Sendable (TailComparisons) -> TailComparisons.Ratio?)] = [
            ("exponential", { $0.exponential }), ("lognormal", { $0.lognormal }), ("truncated_power_law", { $0.truncatedPowerLaw }),
        ]
        for (alt, get) in alternatives {
            let p = "comparisons.\(alt)"
            out += [
                m("\(p).log_likelihood_ratio", "", "R = Σ ln p_PL − ln p_\(alt) on the tail (> 0 favours the power law)") { $0.comparisons.flatMap(get)?.logLikelihoodRatio },
                m("\(p).normalized_ratio", "", "R/(s√n) against the \(alt) alternative") { $0.comparisons.flatMap(get)?.normalizedRatio },
                m("\(p).p_value", "p-value", "significance of the sign of R against the \(alt) alternative") { $0.comparisons.flatMap(get)?.pValue },
            ]
        }
        return out
    }
}
