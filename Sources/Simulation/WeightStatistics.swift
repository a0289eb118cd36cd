/// Moments of one tensor and its displacement from a reference (the initialisation, or the
/// pre-trained weights for ΔW), in double precision.
///
/// ```
/// std = √(Σ(w − w̄)²/n),   excess kurtosis = n·Σ(w − w̄)⁴ / (Σ(w − w̄)²)² − 3
/// displacement = ‖W − W₀‖_F / ‖W₀‖_F        (nil without a reference or when ‖W₀‖ = 0)
/// ```
public struct WeightStatistics: Sendable, Equatable, Codable {
    public var name: String
    public var count: Int
    public var mean: Double
    public var std: Double
    public var excessKurtosis: Double
    public var displacement: Double?

    public init(name: String, values: ArraySlice<Float>, reference: ArraySlice<Float>? = nil) {
        self.name = name
        count = values.count
        var s = 0.0
        for v in values { s += Double(v) }
        let m = values.isEmpty ? 0 : s / Double(values.count)
        var m2 = 0.0, m4 = 0.0
        for v in values {
            let d = Double(v) - m, d2 = d * d
            m2 += d2
            m4 += d2 * d2
        }
        mean = m
        std = values.isEmpty ? 0 : (m2 / Double(values.count)).squareRoot()
        excessKurtosis = m2 > 0 ? Double(values.count) * m4 / (m2 * m2) - 3 : 0
        if let r = reference, r.count == values.count {
            var num = 0.0, den = 0.0
            for (a, b) in zip(values, r) {
                let d = Double(a) - Double(b)
                num += d * d
                den += Double(b) * Double(b)
            }
            displacement = den > 0 ? (num / den).squareRoot() : nil
        } else {
            displacement = nil
        }
    }
}
