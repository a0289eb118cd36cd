import TensorIO

/// Everything the analyzer measured on one tensor; the JSON keys are the ones the README documents
/// ("Analysing weights").
///
/// Each value is stored once. The top-level conveniences of the JSON — `mean`, `std`, `skewness`,
/// `excess_kurtosis`, `tail_3sigma_fraction`, `sparsity` and `count`/`nan_count`/`inf_count` (from
/// ``moments``), `ks`, `anderson_darling`, `cramer_von_mises`, `jarque_bera` (from
/// ``normality``), `fit`, `gennorm_beta`, `best_fit`, `best_fit_aic` (from ``fits``), `depth` and
/// `module` (from the name) and `verdict` — are computed from the stored values, written when
/// encoding and never read back.
public struct TensorReport: Sendable, Codable, Equatable {
    public var name: String
    public var shape: [Int]
    public var dtype: StorageType
    public var moments: MomentSummary
    public var normality: NormalityTests?
    public var gennormBetaMoment: Double?
    public var weibullK: Double?
    public var weibullLambda: Double?
    /// The same protocol on the non-zero |w| only, present when the tensor has exact zeros: the
    /// protocol clips zeros to 1e-13, so a zero fraction z ≥ 0.2 puts that one bin inside the
    /// middle-80 % window (its mid-bin F = z/2) where it dominates k; this is the shape of the rest.
    public var weibullKNonzero: Double?
    public var weibullLambdaNonzero: Double?
    /// Every law's fit, best (lowest BIC, see ``Fits``) first.
    public var fits: [FitResult]?
    public var spectrum: SpectrumCheck?
    /// WeightWatcher's ESD metrics and WeightLab's additions (matrices and 4-D conv kernels).
    public var heavyTail: HeavyTailReport?
    public var iid: IIDChecks?
    public var filters: FilterComparison?
    /// Why parts of the analysis did not run or what was left out (absent when nothing was).
    public var notes: [String]?

    public init(name: String, shape: [Int], dtype: StorageType, moments: MomentSummary) {
        self.name = name
        self.shape = shape
        self.dtype = dtype
        self.moments = moments
    }

    /// Finite values analysed.
    public var count: Int { moments.count }
    public var nanCount: Int { moments.nanCount }
    public var infCount: Int { moments.infCount }
    public var mean: Double { moments.mean.value }
    public var std: Double { moments.std.value }
    public var skewness: Double { moments.skewness.value }
    public var excessKurtosis: Double { moments.excessKurtosis.value }
    public var tail3SigmaFraction: Double { moments.tail3Sigma }
    /// Fraction of exact zeros.
    public var sparsity: Double { moments.zeroFraction }
    /// Layer index parsed from the name (``TensorName``).
    public var depth: Int? { TensorName(name).depth }
    public var module: ModuleKind { TensorName(name).module }
    public var ks: TestResult? { normality?.ks }
    public var andersonDarling: TestResult? { normality?.andersonDarling }
    public var cramerVonMises: TestResult? { normality?.cramerVonMises }
    public var jarqueBera: TestResult? { normality?.jarqueBera }
    /// Fitted parameters by law, e.g. fit.wstar.c.
    public var fit: [String: [String: Double]]? { fits.map { Dictionary(uniqueKeysWithValues: $0.map { ($0.law, $0.parameters) }) } }
    public var gennormBeta: Double? { fits?.first { $0.law == "gennorm" }?.parameters["beta"] }
    /// The best fit by BIC (see ``Fits``).
    public var bestFit: String? { fits?.first?.law }
    /// The best fit by AIC, for comparison (it over-selects laws with superfluous parameters).
    public var bestFitAIC: String? { fits?.min { $0.aic < $1.aic }?.law }
    /// The verdict in words (``Verdict``).
    public var verdict: Verdict { Verdict(moments: moments, normality: normality, iid: iid) }

    enum CodingKeys: String, CodingKey {
        case name, shape, dtype, count, depth, module, mean, std, skewness, sparsity, moments, ks, normality
        case fits, fit, spectrum, iid, filters, notes, verdict
        case nanCount = "nan_count"
        case infCount = "inf_count"
        case excessKurtosis = "excess_kurtosis"
        case tail3SigmaFraction = "tail_3sigma_fraction"
        case andersonDarling = "anderson_darling"
        case cramerVonMises = "cramer_von_mises"
        case jarqueBera = "jarque_bera"
        case gennormBeta = "gennorm_beta"
        case gennormBetaMoment = "gennorm_beta_moment"
        case weibullK = "weibull_k"
        case weibullLambda = "weibull_lambda"
        case weibullKNonzero = "weibull_k_nonzero"
        case weibullLambdaNonzero = "weibull_lambda_nonzero"
        case bestFit = "best_fit"
        case bestFitAIC = "best_fit_aic"
        case heavyTail = "heavy_tail"
    }

    /// Reads the stored values; the computed keys in the JSON are ignored.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        shape = try c.decode([Int].self, forKey: .shape)
        dtype = try c.decode(StorageType.self, forKey: .dtype)
        moments = try c.decode(MomentSummary.self, forKey: .moments)
        normality = try c.decodeIfPresent(NormalityTests.self, forKey: .normality)
        gennormBetaMoment = try c.decodeIfPresent(Double.self, forKey: .gennormBetaMoment)
        weibullK = try c.decodeIfPresent(Double.self, forKey: .weibullK)
        weibullLambda = try c.decodeIfPresent(Double.self, forKey: .weibullLambda)
        weibullKNonzero = try c.decodeIfPresent(Double.self, forKey: .weibullKNonzero)
        weibullLambdaNonzero = try c.decodeIfPresent(Double.self, forKey: .weibullLambdaNonzero)
        fits = try c.decodeIfPresent([FitResult].self, forKey: .fits)
        spectrum = try c.decodeIfPresent(SpectrumCheck.self, forKey: .spectrum)
        heavyTail = try c.decodeIfPresent(HeavyTailReport.self, forKey: .heavyTail)
        iid = try c.decodeIfPresent(IIDChecks.self, forKey: .iid)
        filters = try c.decodeIfPresent(FilterComparison.self, forKey: .filters)
        notes = try c.decodeIfPresent([String].self, forKey: .notes)
    }

    /// Writes the stored values and, under their documented keys, the computed ones.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(shape, forKey: .shape)
        try c.encode(dtype, forKey: .dtype)
        try c.encode(count, forKey: .count)
        try c.encode(nanCount, forKey: .nanCount)
        try c.encode(infCount, forKey: .infCount)
        try c.encodeIfPresent(depth, forKey: .depth)
        try c.encode(module, forKey: .module)
        try c.encode(mean, forKey: .mean)
        try c.encode(std, forKey: .std)
        try c.encode(skewness, forKey: .skewness)
        try c.encode(excessKurtosis, forKey: .excessKurtosis)
        try c.encode(tail3SigmaFraction, forKey: .tail3SigmaFraction)
        try c.encode(sparsity, forKey: .sparsity)
        try c.encode(moments, forKey: .moments)
        try c.encodeIfPresent(ks, forKey: .ks)
        try c.encodeIfPresent(andersonDarling, forKey: .andersonDarling)
        try c.encodeIfPresent(cramerVonMises, forKey: .cramerVonMises)
        try c.encodeIfPresent(jarqueBera, forKey: .jarqueBera)
        try c.encodeIfPresent(normality, forKey: .normality)
        try c.encodeIfPresent(gennormBeta, forKey: .gennormBeta)
        try c.encodeIfPresent(gennormBetaMoment, forKey: .gennormBetaMoment)
        try c.encodeIfPresent(weibullK, forKey: .weibullK)
        try c.encodeIfPresent(weibullLambda, forKey: .weibullLambda)
        try c.encodeIfPresent(weibullKNonzero, forKey: .weibullKNonzero)
        try c.encodeIfPresent(weibullLambdaNonzero, forKey: .weibullLambdaNonzero)
        try c.encodeIfPresent(fits, forKey: .fits)
        try c.encodeIfPresent(fit, forKey: .fit)
        try c.encodeIfPresent(bestFit, forKey: .bestFit)
        try c.encodeIfPresent(bestFitAIC, forKey: .bestFitAIC)
        try c.encodeIfPresent(spectrum, forKey: .spectrum)
        try c.encodeIfPresent(heavyTail, forKey: .heavyTail)
        try c.encodeIfPresent(iid, forKey: .iid)
        try c.encodeIfPresent(filters, forKey: .filters)
        try c.encodeIfPresent(notes, forKey: .notes)
        try c.encode(verdict, forKey: .verdict)
    }
}
