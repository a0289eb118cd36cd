/// Everything the analyzer measured on one tensor; the JSON keys are the ones the README documents
/// ("Analysing weights").
public struct TensorReport: Sendable, Codable, Equatable {
    public var name: String
    public var shape: [Int]
    public var dtype: String
    public var count: Int
    public var nanCount: Int
    public var infCount: Int
    public var depth: Int?
    public var module: String
    public var mean: Double
    public var std: Double
    public var skewness: Double
    public var excessKurtosis: Double
    public var tail3SigmaFraction: Double
    /// Fraction of exact zeros.
    public var sparsity: Double
    public var moments: MomentSummary
    public var ks: TestResult?
    public var andersonDarling: TestResult?
    public var cramerVonMises: TestResult?
    public var jarqueBera: TestResult?
    public var normality: NormalityTests?
    public var gennormBeta: Double?
    public var gennormBetaMoment: Double?
    public var weibullK: Double?
    public var weibullLambda: Double?
    /// The same protocol on the non-zero |w| only, present when the tensor has exact zeros: the
    /// protocol clips zeros to 1e-13, so a zero fraction z ≥ 0.2 puts that one bin inside the
    /// middle-80 % window (its mid-bin F = z/2) where it dominates k; this is the shape of the rest.
    public var weibullKNonzero: Double?
    public var weibullLambdaNonzero: Double?
    public var fits: [FitResult]?
    /// Fitted parameters by law, e.g. fit.wstar.c.
    public var fit: [String: [String: Double]]?
    /// The best fit by BIC (see ``Fits``).
    public var bestFit: String?
    /// The best fit by AIC, for comparison (it over-selects laws with superfluous parameters).
    public var bestFitAIC: String?
    public var spectrum: SpectrumCheck?
    /// WeightWatcher's ESD metrics and WeightLab's additions (matrices and 4-D conv kernels).
    public var heavyTail: HeavyTailReport?
    public var iid: IIDChecks?
    public var filters: FilterComparison?
    /// Why parts of the analysis did not run or what was left out (absent when nothing was).
    public var notes: [String]?
    public var verdict: String

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
}
