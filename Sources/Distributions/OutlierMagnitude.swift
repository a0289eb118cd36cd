/// The magnitude |x|/σ of the outliers in the W* model.
public enum OutlierMagnitude: Sendable, Equatable, CustomStringConvertible {
    /// Exactly m·σ.
    case fixed(Double)
    /// Uniform on [lo·σ, hi·σ].
    case uniform(lo: Double, hi: Double)

    /// E[Mᵏ] for the magnitude in σ units.
    func rawMoment(_ k: Int) -> Double {
        switch self {
        case let .fixed(m): return pow(m, Double(k))
        case let .uniform(lo, hi): return (pow(hi, Double(k + 1)) - pow(lo, Double(k + 1))) / (Double(k + 1) * (hi - lo))
        }
    }

    /// P(M ≤ t).
    func cdf(_ t: Double) -> Double {
        switch self {
        case let .fixed(m): return t >= m ? 1 : 0
        case let .uniform(lo, hi): return t <= lo ? 0 : (t >= hi ? 1 : (t - lo) / (hi - lo))
        }
    }

    public var description: String {
        switch self {
        case let .fixed(m): return "outlier_scale=\(m)"
        case let .uniform(lo, hi): return "outlier_law=uniform(\(lo), \(hi))"
        }
    }
}

import Foundation
