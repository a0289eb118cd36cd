import Foundation
import GSLKit

extension Fits {
    /// Student-t with location and scale by maximum likelihood (Nelder–Mead in (ln ν, ln s, μ)),
    /// on at most 200 000 values (an evenly strided subsample; ln L scaled up to all of them):
    /// ```
    /// ln L = n[ln Γ((ν+1)/2) − ln Γ(ν/2) − ½ln(νπ) − ln s] − (ν+1)/2·Σ ln(1 + z²/ν),  z = (x − μ)/s
    /// (the ln Γ difference by ``lnGammaHalfStep(_:)``)
    /// ```
    /// Standard errors from the observed information, by central differences of ln L in
    /// (ln ν, ln s, μ) (steps 10⁻³, 10⁻³, 10⁻³·s); SE(ν̂) = ν̂·SE(ln ν̂). As ν̂ → ∞ (Gaussian data)
    /// ln L is flat in ν and the SE of ν is omitted.
    static func studentT(_ x: UnsafeBufferPointer<Double>) throws(AnalysisError) -> LawFit {
        let (m, v) = meanVar(x)
        let stride = x.count > 200_000 ? x.count / 200_000 : 1
        let count = (x.count + stride - 1) / stride
        let n = Double(count)
        let values = UnsafeMutableBufferPointer<Double>.allocate(capacity: count)
        defer { values.deallocate() }
        for i in 0..<count { values[i] = x[i * stride] }
        let shared = ParallelReduce.Shared(buffer: UnsafeBufferPointer(values))
        func ll(_ p: [Double]) -> Double {
            // ν beyond 10¹⁰ is the Gaussian to ten digits: ln L is flat there.
            let nu = exp(Swift.min(p[0], log(1e10))), scale = exp(p[1]), loc = p[2]
            let c = lnGammaHalfStep(nu / 2) - 0.5 * log(nu * .pi) - log(scale)
            // Σ ln(1 + z²/ν) on both cores, summed in chunk order.
            let s = ParallelReduce.map(count: shared.buffer.count, chunkSize: 1 << 15) { r -> Double in
                var s = 0.0
                for i in r { let z = (shared.buffer[i] - loc) / scale; s += log1p(z * z / nu) }
                return s
            }.reduce(0, +)
            return n * c - (nu + 1) / 2 * s
        }
        let result: (point: [Double], value: Double)
        do {
            result = try Minimizer.simplex(start: [log(10), log(v.squareRoot()), m], steps: [1, 0.3, 0.1 * v.squareRoot()], tolerance: 1e-6) { -ll($0) }
        } catch { throw .notEnoughData(n: x.count, needed: 8) }
        let p = result.point
        let nu = exp(p[0]), scale = exp(p[1])
        var se: [String: Double] = [:]
        let info = numericalInformation(at: p, steps: [1e-3, 1e-3, 1e-3 * scale], ll)
        if let e = standardErrors(information: info) {
            se = ["nu": nu * e[0], "scale": scale * e[1], "mean": e[2]]
        } else if let e = standardErrors(information: [[info[1][1], info[1][2]], [info[2][1], info[2][2]]]) {
            se = ["scale": scale * e[0], "mean": e[1]]
        }
        return LawFit(parameters: ["nu": nu, "scale": scale, "mean": p[2]], standardErrors: se,
                      logLikelihood: -result.value * Double(x.count) / n)
    }

    /// ln Γ(x + ½) − ln Γ(x), without the cancellation of two large ln Γ (which on Gaussian data,
    /// where ν̂ runs off to ∞, let round-off of order n·10⁻¹⁶·x ln x pose as a likelihood gain):
    /// ```
    /// x < 50:  ln Γ(x + ½) − ln Γ(x)
    /// x ≥ 50:  ½ ln x − 1/(8x) + 1/(192x³) − 1/(640x⁵)     (error < 2·10⁻¹⁵ here)
    /// ```
    static func lnGammaHalfStep(_ x: Double) -> Double {
        if x < 50 { return SpecialFunctions.lnGamma(x + 0.5) - SpecialFunctions.lnGamma(x) }
        let x2 = x * x
        return 0.5 * log(x) - 1 / (8 * x) + 1 / (192 * x * x2) - 1 / (640 * x * x2 * x2)
    }
}
