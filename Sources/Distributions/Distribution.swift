import Foundation
import GSLKit

/// A univariate law: a value with density, distribution function, quantile, closed-form moments
/// and a bulk sampler (the scipy.stats shape: pdf / cdf / sf / ppf / rvs).
///
/// Randomness is always an explicit argument: laws hold parameters only and draw from the
/// ``RandomEngine`` they are handed, so the same engine state gives the same values.
public protocol Distribution: Sendable, CustomStringConvertible {
    /// Mean, variance, skewness and excess kurtosis in closed form.
    var moments: Moments { get }
    /// Density p(x) of the continuous part (point masses, if any, are excluded).
    func pdf(_ x: Double) -> Double
    /// log p(x); the default is `log(pdf(x))`.
    func logPDF(_ x: Double) -> Double
    /// F(x) = P(X ≤ x), including any point masses at or below x.
    func cdf(_ x: Double) -> Double
    /// 1 − F(x), computed without cancellation where the law allows.
    func survival(_ x: Double) -> Double
    /// F⁻¹(p) = inf{x : F(x) ≥ p} for p ∈ (0, 1).
    func quantile(_ p: Double) -> Double
    /// One draw.
    func sample(using engine: RandomEngine) -> Double
    /// Fills `buffer` with independent draws: the hot path, overridden by laws with a faster loop.
    func fill(_ buffer: UnsafeMutableBufferPointer<Float>, using engine: RandomEngine)
    /// Fills `buffer` with independent draws in double precision.
    func fill(_ buffer: UnsafeMutableBufferPointer<Double>, using engine: RandomEngine)
}

extension Distribution {
    public func logPDF(_ x: Double) -> Double { log(pdf(x)) }
    public func survival(_ x: Double) -> Double { 1 - cdf(x) }

    public func fill(_ buffer: UnsafeMutableBufferPointer<Float>, using engine: RandomEngine) {
        for i in buffer.indices { buffer[i] = Float(sample(using: engine)) }
    }

    public func fill(_ buffer: UnsafeMutableBufferPointer<Double>, using engine: RandomEngine) {
        for i in buffer.indices { buffer[i] = sample(using: engine) }
    }

    /// Draws `count` values into a new array.
    public func samples(_ count: Int, using engine: RandomEngine) -> [Double] {
        // An empty result is a plain [] (the uninitialized-capacity initializer writes the count into the
        // shared empty-array storage even for 0, a benign race that ThreadSanitizer reports).
        guard count > 0 else { return [] }
        return [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
            fill(buffer, using: engine)
            initialized = count
        }
    }
}
