/// The verdict on one claim for one case.
public struct ClaimResult: Sendable, Codable, Equatable {
    public enum Verdict: String, Sendable, Codable {
        case pass = "PASS"
        case fail = "FAIL"
        /// An open question: the value is reported with the side the evidence falls on.
        case info = "INFO"
    }

    public var claim: String
    public var caseLabel: String
    public var metric: String
    public var statistic: String
    public var value: Double
    /// Standard error of `value` (0 when the value is exact).
    public var standardError: Double
    public var ciLow: Double
    public var ciHigh: Double
    /// What was expected, in words (e.g. "= 0.75 ± 4 SE", "in [0.031, 0.069]", "≥ 0.9").
    public var expected: String
    public var verdict: Verdict
    /// Extra detail: the p-value of a trend, the sentence of an open question.
    public var note: String
    /// Values behind the statistic (replicates, or replicate×tensor pairs for rates).
    public var n: Int

    enum CodingKeys: String, CodingKey {
        case claim, metric, statistic, value, expected, verdict, note, n
        case caseLabel = "case"
        case standardError = "se"
        case ciLow = "ci_low"
        case ciHigh = "ci_high"
    }
}
