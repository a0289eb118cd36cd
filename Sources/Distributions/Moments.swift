/// The first four standardised moments of a law.
///
/// ```
/// mean = E[X],  variance = E[(X − mean)²],
/// skewness = E[(X − mean)³]/σ³,  excessKurtosis = E[(X − mean)⁴]/σ⁴ − 3
/// ```
public struct Moments: Sendable, Equatable, Codable, Hashable {
    public var mean: Double
    public var variance: Double
    public var skewness: Double
    public var excessKurtosis: Double

    public init(mean: Double, variance: Double, skewness: Double, excessKurtosis: Double) {
        self.mean = mean
        self.variance = variance
        self.skewness = skewness
        self.excessKurtosis = excessKurtosis
    }

    /// Standard deviation √variance.
    public var std: Double { variance.squareRoot() }
    /// Non-excess kurtosis E[(X − mean)⁴]/σ⁴ (3 for the normal).
    public var kurtosis: Double { excessKurtosis + 3 }

    /// Moments of a symmetric zero-mean law from its raw second and fourth moments.
    ///
    /// ```
    /// variance = m2,  excessKurtosis = m4/m2² − 3,  mean = skewness = 0
    /// ```
    public static func symmetric(m2: Double, m4: Double) -> Moments {
        Moments(mean: 0, variance: m2, skewness: 0, excessKurtosis: m4 / (m2 * m2) - 3)
    }

    enum CodingKeys: String, CodingKey {
        case mean, variance, skewness
        case excessKurtosis = "excess_kurtosis"
    }
}
