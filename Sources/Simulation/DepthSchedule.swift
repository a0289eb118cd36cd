import Foundation

/// A parameter that varies with layer depth l = 0…L−1, through x = l/(L − 1) (x = 0 when L = 1).
///
/// ```
/// constant(v)              v
/// linear(a, b)             a + (b − a)·x
/// exponential(a, b)        a·(b/a)^x            (geometric interpolation; a, b > 0)
/// power(a, b, p)           a + (b − a)·x^p
/// piecewise(xs, vs)        linear between the knots (xᵢ, vᵢ), x₀ = 0 < … < x_k = 1
/// list([v₀, …, v_{L−1}])   v_l                  (the list must have L entries)
/// ```
public enum DepthSchedule: Sendable, Equatable, CustomStringConvertible {
    case constant(Double)
    case linear(from: Double, to: Double)
    case exponential(from: Double, to: Double)
    case power(from: Double, to: Double, exponent: Double)
    case piecewise(knots: [Double], values: [Double])
    case list([Double])

    /// The value at depth `l` of `layers`.
    public func value(depth l: Int, layers: Int) -> Double {
        let x = layers > 1 ? Double(l) / Double(layers - 1) : 0
        switch self {
        case let .constant(v): return v
        case let .linear(a, b): return a + (b - a) * x
        case let .exponential(a, b): return a * pow(b / a, x)
        case let .power(a, b, p): return a + (b - a) * pow(x, p)
        case let .piecewise(xs, vs):
            var i = 0
            while i + 2 < xs.count, x > xs[i + 1] { i += 1 }
            let t = (x - xs[i]) / (xs[i + 1] - xs[i])
            return vs[i] + (vs[i + 1] - vs[i]) * t
        case let .list(values): return values[l]
        }
    }

    /// Checks the schedule against a layer count: lists need one entry per layer; positive
    /// parameters (σ) must stay positive at every depth.
    public func validate(layers: Int, positive: Bool) throws(SimulationError) {
        if case let .list(values) = self, values.count != layers {
            throw .invalidSchedule("the list has \(values.count) entries but there are \(layers) layers")
        }
        if case let .piecewise(xs, vs) = self {
            guard xs.count >= 2, xs.count == vs.count else { throw .invalidSchedule("piecewise needs at least two knots and as many values as knots") }
            guard xs.first == 0, xs.last == 1, zip(xs, xs.dropFirst()).allSatisfy({ $0 < $1 }) else {
                throw .invalidSchedule("piecewise knots must rise strictly from 0 to 1, got \(xs)")
            }
        }
        if case let .exponential(a, b) = self, !(a > 0 && b > 0) {
            throw .invalidSchedule("exponential needs positive end points, got \(a) and \(b)")
        }
        for l in 0..<layers {
            let v = value(depth: l, layers: layers)
            guard v.isFinite else { throw .invalidSchedule("value at depth \(l) is not finite") }
            if positive && v <= 0 { throw .invalidSchedule("value at depth \(l) is \(v); it must be > 0") }
        }
    }

    public var description: String {
        switch self {
        case let .constant(v): return "constant(\(v))"
        case let .linear(a, b): return "linear(\(a) → \(b))"
        case let .exponential(a, b): return "exponential(\(a) → \(b))"
        case let .power(a, b, p): return "power(\(a) → \(b), p=\(p))"
        case let .piecewise(xs, _): return "piecewise(\(xs.count) knots)"
        case let .list(v): return "list(\(v.count) values)"
        }
    }
}
