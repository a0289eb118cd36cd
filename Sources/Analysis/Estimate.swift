/// A point estimate with its standard error and 95 % confidence interval.
public struct Estimate: Sendable, Codable, Equatable {
    public var value: Double
    public var standardError: Double
    public var ciLow: Double
    public var ciHigh: Double

    public init(value: Double, standardError: Double, ciLow: Double, ciHigh: Double) {
        self.value = value
        self.standardError = standardError
        self.ciLow = ciLow
        self.ciHigh = ciHigh
    }

    /// value ± 1.959964·SE.
    public static func normal(_ value: Double, se: Double) -> Estimate {
        Estimate(value: value, standardError: se, ciLow: value - 1.959964 * se, ciHigh: value + 1.959964 * se)
    }

    enum CodingKeys: String, CodingKey {
        case value
        case standardError = "se"
        case ciLow = "ci_low"
        case ciHigh = "ci_high"
    }
}
