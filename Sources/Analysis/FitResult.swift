/// A law fitted by maximum likelihood (or by moments, as `method` says), with information criteria.
///
/// ```
/// AIC = 2k − 2 ln L,   BIC = k ln n − 2 ln L
/// ```
public struct FitResult: Sendable, Codable, Equatable {
    public var law: String
    public var parameters: [String: Double]
    public var logLikelihood: Double
    /// Free parameters.
    public var k: Int
    public var aic: Double
    public var bic: Double
    public var method: String

    public init(law: String, parameters: [String: Double], logLikelihood: Double, k: Int, n: Int, method: String) {
        self.law = law
        self.parameters = parameters
        self.logLikelihood = logLikelihood
        self.k = k
        aic = 2 * Double(k) - 2 * logLikelihood
        bic = Double(k) * Foundation.log(Double(n)) - 2 * logLikelihood
        self.method = method
    }

    enum CodingKeys: String, CodingKey {
        case law, parameters, k, aic, bic, method
        case logLikelihood = "log_likelihood"
    }
}

import Foundation
