import Foundation

/// A law fitted by maximum likelihood (or by moments, as `method` says), with its parameters'
/// standard errors and the information criteria.
///
/// ```
/// AIC = 2k − 2 ln L,   BIC = k ln n − 2 ln L
/// SE: from the observed Fisher information at the optimum, √((−∇² ln L)⁻¹)ᵢᵢ, unless `method`
///     or Fits names a closed form
/// ```
/// k counts a boundary parameter (an estimate that sits at a sample extreme, such as a truncation
/// bound at max|x|) as two: see ``Fits``.
public struct FitResult: Sendable, Codable, Equatable {
    public var law: String
    public var parameters: [String: Double]
    /// Asymptotic standard errors of the parameters (95 % CI: value ± 1.96·SE).
    public var standardErrors: [String: Double]
    public var logLikelihood: Double
    /// Free parameters, a boundary parameter counted twice.
    public var k: Int
    public var aic: Double
    public var bic: Double
    public var method: String

    public init(law: String, parameters: [String: Double], standardErrors: [String: Double] = [:], logLikelihood: Double,
                k: Int, n: Int, method: String) {
        self.law = law
        self.parameters = parameters
        self.standardErrors = standardErrors
        self.logLikelihood = logLikelihood
        self.k = k
        aic = 2 * Double(k) - 2 * logLikelihood
        bic = Double(k) * Foundation.log(Double(n)) - 2 * logLikelihood
        self.method = method
    }

    enum CodingKeys: String, CodingKey {
        case law, parameters, k, aic, bic, method
        case standardErrors = "se"
        case logLikelihood = "log_likelihood"
    }
}
