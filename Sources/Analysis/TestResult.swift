/// The outcome of a hypothesis test: statistic, p-value and how the p-value was obtained.
public struct TestResult: Sendable, Codable, Equatable {
    public var statistic: Double
    public var pValue: Double
    /// The method behind the p-value, e.g. "Lilliefors (Dallal–Wilkinson 1986)".
    public var method: String

    public init(statistic: Double, pValue: Double, method: String) {
        self.statistic = statistic
        self.pValue = pValue
        self.method = method
    }

    enum CodingKeys: String, CodingKey {
        case statistic
        case pValue = "p_value"
        case method
    }
}
