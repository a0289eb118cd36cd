/// One law fitted to a set of values, before the hurdle and the criteria are added: the
/// parameters, their asymptotic standard errors and ln L on those values.
struct LawFit: Sendable, Equatable {
    var parameters: [String: Double]
    /// Standard errors by parameter name (a parameter without one is left out).
    var standardErrors: [String: Double]
    var logLikelihood: Double
}
