import Foundation
import GSLKit

/// The range a law's draws must stay in, checked when the law is built, so that no parameter
/// silently produces ±∞, NaN or all-zero tensors.
///
/// ```
/// scale parameters (σ, scale, λ):  10⁻³⁰ ≤ s ≤ 10³⁰        locations: |μ| ≤ 10³⁰
/// tails:  |F⁻¹(10⁻¹⁵)| and |F⁻¹(1 − 10⁻¹⁵)| finite and ≤ 10³²
/// ```
/// f32 holds magnitudes up to 3.4·10³⁸ and normal numbers down to 1.2·10⁻³⁸. A law whose 10⁻¹⁵
/// quantiles lie within ±10³² overflows f32 only beyond them by a factor 3·10⁶, which even the
/// heaviest accepted tail (Student-t with ν ≈ 0.5) reaches with probability below 10⁻¹⁸ per draw;
/// scales of at least 10⁻³⁰ keep typical draws far above f32's smallest normal number.
enum DrawRange {
    /// The tail probability at which draws are checked.
    static let tailProbability = 1e-15
    /// The largest 10⁻¹⁵ quantile magnitude accepted.
    static let largestMagnitude = 1e32
    /// The accepted range of scale parameters.
    static let scales = 1e-30...1e30

    /// Checks a scale parameter: positive, finite and within ``scales``.
    static func scale(_ key: String, _ value: Double) throws(DistributionError) {
        guard value > 0, value.isFinite else { throw .invalidParameter(key, "must be finite and > 0, got \(value)") }
        guard scales.contains(value) else {
            throw .invalidParameter(key, "must be in [1e-30, 1e30] so that draws stay finite and non-zero in f32, got \(value)")
        }
    }

    /// Checks a location parameter: finite with |μ| ≤ 10³⁰.
    static func location(_ key: String, _ value: Double) throws(DistributionError) {
        guard value.isFinite, abs(value) <= scales.upperBound else {
            throw .invalidParameter(key, "must be finite with magnitude ≤ 1e30, got \(value)")
        }
    }

    /// max(|F⁻¹(10⁻¹⁵)|, |F⁻¹(1 − 10⁻¹⁵)|), NaN when a quantile is not finite.
    static func tailMagnitude(_ law: some Distribution) -> Double {
        let lo = law.quantile(tailProbability), hi = law.quantile(1 - tailProbability)
        guard lo.isFinite, hi.isFinite else { return .nan }
        return max(abs(lo), abs(hi))
    }

    /// Rejects, blaming `key`, a law whose draws reach beyond ±10³² at the 10⁻¹⁵ tail
    /// (`magnitude`, by default from the law's quantiles).
    static func checkTails(_ law: some Distribution, blame key: String, magnitude: Double? = nil) throws(DistributionError) {
        let m = magnitude ?? tailMagnitude(law)
        guard m.isFinite else {
            throw .invalidParameter(key, "makes the 1e-15 tail quantile of \(law) infinite or undefined; its draws would overflow")
        }
        guard m <= largestMagnitude else {
            throw .invalidParameter(key, "makes \(law) reach ±\(String(format: "%.3g", m)) at its 1e-15 tail, beyond the ±1e32 that f32 weights can safely hold")
        }
    }
}
