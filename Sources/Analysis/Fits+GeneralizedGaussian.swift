import Distributions
import Foundation
import GSLKit
import TensorIO

extension Fits {
    /// β by inverting the moment ratio r(β) = Γ(1/β)Γ(3/β)/Γ(2/β)² = E[x²]/(E|x|)² (centred on
    /// `mean`, the sample mean when not given), the sums in four lanes.
    public static func generalizedGaussianMomentBeta(_ x: UnsafeBufferPointer<Double>, mean: Double? = nil) -> Double {
        let m = mean ?? SampleMoments.mean(x)
        typealias Lanes = SIMD4<Double>
        let center = Lanes(repeating: m), signless = SIMD4<UInt64>(repeating: ~(1 << 63))
        var a1 = Lanes(), a2 = Lanes(), j = 0
        if let base = x.baseAddress {
            let raw = UnsafeRawPointer(base)
            while j + 4 <= x.count {
                let d = raw.loadUnaligned(fromByteOffset: j * 8, as: Lanes.self) - center
                a1 += unsafeBitCast(unsafeBitCast(d, to: SIMD4<UInt64>.self) & signless, to: Lanes.self)
                a2 += d * d
                j += 4
            }
        }
        var s1 = a1.sum(), s2 = a2.sum()
        while j < x.count { let d = Swift.abs(x[j] - m); s1 += d; s2 += d * d; j += 1 }
        let n = Double(x.count)
        let r = (s2 / n) / ((s1 / n) * (s1 / n))
        func ratio(_ b: Double) -> Double {
            exp(SpecialFunctions.lnGamma(1 / b) + SpecialFunctions.lnGamma(3 / b) - 2 * SpecialFunctions.lnGamma(2 / b))
        }
        // r(β) decreases from ∞ (β → 0) to 1 (β → ∞).
        guard r > ratio(20) else { return 20 }
        guard r < ratio(0.05) else { return 0.05 }
        return (try? Minimizer.root(lower: 0.05, upper: 20, tolerance: 1e-10) { ratio($0) - r }) ?? .nan
    }

    /// Maximum likelihood for the generalised Gaussian p(x) = β/(2sΓ(1/β))·exp(−|x − μ|^β/s^β) with
    /// μ the sample mean (a consistent location for the symmetric law, asymptotically independent
    /// of β̂ and ŝ; scripts/reference/make_fixtures.py gives SciPy's gennorm.fit the same floc).
    ///
    /// Profile over β, with yᵢ = ln|xᵢ − μ| and Sⱼ(β) = Σ yᵢʲ e^{β yᵢ} (summed in four lanes):
    /// ```
    /// ŝ(β)^β = (β/n)·S₀,   L = ln(β S₀/n) = β ln ŝ
    /// ℓ(β)  = n[ln β − ln 2 − L/β − ln Γ(1/β) − 1/β]
    /// ℓ′/n  = 1/β − L′/β + L/β² + ψ(1/β)/β² + 1/β²,                L′ = 1/β + S₁/S₀
    /// ℓ″/n  = −1/β² − L″/β + 2L′/β² − 2L/β³ − ψ′(1/β)/β⁴ − 2ψ(1/β)/β³ − 2/β³,   L″ = −1/β² + S₂/S₀ − (S₁/S₀)²
    /// ```
    /// maximised by Newton's method in ln β on [ln 0.1, ln 100], safeguarded by bisection of the
    /// bracket on the sign of ℓ′ (one pass over the values per step, about six steps; β = 100 is
    /// all but the uniform law, the β → ∞ limit). The yᵢ are shifted by their maximum so that
    /// e^{βy} ≤ 1 never overflows; ℓ is shifted back. Standard errors from the observed
    /// information in (β, u = ln s) at the optimum, where T = Σ(|xᵢ − μ|/ŝ)^β = n/β:
    /// ```
    /// I_ββ = n/β² + n[ψ′(1/β)/β⁴ + 2ψ(1/β)/β³] + (S₂ − 2uS₁ + u²S₀)/ŝ^β
    /// I_uu = nβ,   I_βu = −n/β − n(S₁/S₀ − u)
    /// SE(β̂) = √(I⁻¹)_ββ,  SE(ŝ) = ŝ·√(I⁻¹)_uu,  SE(μ) = sd/√n
    /// ```
    static func generalizedGaussianML(_ x: UnsafeBufferPointer<Double>, _ moments: (Double, Double)? = nil) throws(AnalysisError) -> LawFit {
        let (mu, variance) = moments ?? meanVar(x)
        let n = Double(x.count)
        let y = UnsafeMutableBufferPointer<Double>.allocate(capacity: x.count)
        defer { y.deallocate() }
        var top = 0.0
        for v in x { top = Swift.max(top, Swift.abs(v - mu)) }
        guard top > 0 else { throw .constant(value: mu) }
        let shift = log(top)
        // ln|x − μ| − shift ≤ 0; a value at μ itself gets −10⁴, whose e^{βy} is 0 for every β ≥ 0.1.
        for i in x.indices { y[i] = Swift.abs(x[i] - mu) }
        VectorMath.log(y)
        for i in y.indices { y[i] = y[i] > -Double.infinity ? y[i] - shift : -1e4 }
        // A large sample first converges on every 8th value, then the full sample from there.
        let start = warmStart(UnsafeBufferPointer(y), from: 2.0) { generalizedGaussianOptimum($0, from: $1).beta }
        let point = generalizedGaussianOptimum(UnsafeBufferPointer(y), from: start)
        guard point.ll.isFinite else { throw .notEnoughData(n: x.count, needed: 8) }
        let b = point.beta
        let u = log(b * point.s0 / n) / b  // ln ŝ of the shifted values
        let scale = exp(u + shift)
        let psi = SpecialFunctions.digamma(1 / b), psi1 = SpecialFunctions.trigamma(1 / b)
        let iBB = n / (b * b) + n * (psi1 / (b * b * b * b) + 2 * psi / (b * b * b))
            + (n / (b * point.s0)) * (point.s2 - 2 * u * point.s1 + u * u * point.s0)
        let iUU = n * b
        let iBU = -n / b - n * (point.s1 / point.s0 - u)
        var se: [String: Double] = ["mean": (variance / n).squareRoot()]
        if let e = standardErrors(information: [[iBB, iBU], [iBU, iUU]]) {
            se["beta"] = e[0]
            se["scale"] = scale * e[1]
        }
        return LawFit(parameters: ["beta": b, "scale": scale, "mean": mu], standardErrors: se, logLikelihood: point.ll - n * shift)
    }

    /// The profile-likelihood Newton iterations of ``generalizedGaussianML(_:_:)`` on the shifted
    /// yᵢ = ln|xᵢ − μ| − shift, from β = `start`: the optimum's β, ℓ (of the shifted values), ℓ′, ℓ″
    /// and the sums S₀, S₁, S₂.
    static func generalizedGaussianOptimum(_ y: UnsafeBufferPointer<Double>, from start: Double) -> GeneralizedGaussianPoint {
        let n = Double(y.count)
        let shared = ParallelLoop.Shared(buffer: y)
        // (S₀, S₁, S₂) on both cores, summed in chunk order (the same for any core count).
        func sums(_ b: Double) -> (Double, Double, Double) {
            // e^{βy} a block at a time (VectorMath), summed in the same order.
            let parts = ParallelLoop.chunks(count: shared.buffer.count, chunkSize: 1 << 16) { r -> (Double, Double, Double) in
                // Four lanes of each sum (SIMD4: values 4j, 4j+1, … of a block), added up at the end.
                typealias Lanes = SIMD4<Double>
                var s0 = Lanes(), s1 = Lanes(), s2 = Lanes()
                let y = UnsafeRawPointer(shared.buffer.baseAddress!)
                withUnsafeTemporaryAllocation(of: Double.self, capacity: VectorMath.block) { e in
                    let ep = UnsafeRawPointer(e.baseAddress!)
                    for start in Swift.stride(from: r.lowerBound, to: r.upperBound, by: VectorMath.block) {
                        let k = Swift.min(VectorMath.block, r.upperBound - start)
                        for j in 0..<k { e[j] = b * shared.buffer[start + j] }
                        VectorMath.exp(UnsafeMutableBufferPointer(rebasing: e[0..<k]))
                        var j = 0
                        while j + 4 <= k {
                            let v = y.loadUnaligned(fromByteOffset: (start + j) * 8, as: Lanes.self)
                            let ej = ep.loadUnaligned(fromByteOffset: j * 8, as: Lanes.self)
                            s0 += ej; s1 += v * ej; s2 += v * v * ej
                            j += 4
                        }
                        while j < k {
                            let v = shared.buffer[start + j]
                            s0[0] += e[j]; s1[0] += v * e[j]; s2[0] += v * v * e[j]
                            j += 1
                        }
                    }
                }
                return (s0.sum(), s1.sum(), s2.sum())
            }
            var s0 = 0.0, s1 = 0.0, s2 = 0.0
            for p in parts { s0 += p.0; s1 += p.1; s2 += p.2 }
            return (s0, s1, s2)
        }
        func evaluate(_ b: Double) -> GeneralizedGaussianPoint {
            let (s0, s1, s2) = sums(b)
            let l = log(b * s0 / n)
            let r1 = s1 / s0, r2 = s2 / s0
            let lp = 1 / b + r1, lpp = -1 / (b * b) + r2 - r1 * r1
            let psi = SpecialFunctions.digamma(1 / b), psi1 = SpecialFunctions.trigamma(1 / b)
            let b2 = b * b, b3 = b2 * b
            let ll = n * (log(b) - log(2.0) - l / b - SpecialFunctions.lnGamma(1 / b) - 1 / b)
            let d1 = n * (1 / b - lp / b + l / b2 + psi / b2 + 1 / b2)
            let d2 = n * (-1 / b2 - lpp / b + 2 * lp / b2 - 2 * l / b3 - psi1 / (b2 * b2) - 2 * psi / b3 - 2 / b3)
            return GeneralizedGaussianPoint(beta: b, ll: ll, d1: d1, d2: d2, s0: s0, s1: s1, s2: s2)
        }
        // Safeguarded Newton in t = ln β: ℓ′ > 0 left of the optimum, < 0 right of it.
        let lower = log(0.1), upper = log(100.0)
        var lo = lower, hi = upper, loSeen = false, hiSeen = false
        var t = log(start)
        var point = evaluate(start)
        for _ in 0..<100 {
            let g = point.beta * point.d1
            let h = point.beta * point.beta * point.d2 + g
            if g > 0 { lo = t; loSeen = true } else { hi = t; hiSeen = true }
            var next = h < 0 ? t - g / h : .nan
            if !(next > lo && next < hi) {
                // Out of the bracket: try the range's end when the step points past it, else bisect.
                if g > 0 && !hiSeen && !(next < hi) { next = upper } else if g <= 0 && !loSeen && !(next > lo) { next = lower } else { next = 0.5 * (lo + hi) }
            }
            // A step under 10⁻⁷ in ln β (β to 10⁻⁷ relative, far inside its standard error) is
            // not taken, nor its pass over the values made.
            if Swift.abs(next - t) < 1e-7 || hi - lo < 1e-10 { break }
            t = next
            point = evaluate(exp(t))
        }
        return point
    }
}
