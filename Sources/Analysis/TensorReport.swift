/// Everything the analyzer measured on one tensor; the JSON keys are those of DESIGN.md.
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
    public var fits: [FitResult]?
    /// Fitted parameters by law, e.g. fit.wstar.c.
    public var fit: [String: [String: Double]]?
    /// The best fit by BIC (see ``Fits``).
    public var bestFit: String?
    /// The best fit by AIC, for comparison (it over-selects laws with superfluous parameters).
    public var bestFitAIC: String?
    public var spectrum: SpectrumCheck?
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
        case bestFit = "best_fit"
        case bestFitAIC = "best_fit_aic"
    }
}
