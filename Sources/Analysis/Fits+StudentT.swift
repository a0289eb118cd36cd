import Foundation
import GSLKit
import TensorIO

extension Fits {
    /// Student-t with location and scale by maximum likelihood, on the same values as the other
    /// laws (so that their ln L are compared on one sample):
    /// ```
    /// ln L = n[c(ν) − ln s] − (ν+1)/2·Σ ln(1 + wᵢ),   wᵢ = zᵢ²/ν,  zᵢ = (xᵢ − μ)/s
    /// c(ν) = ln Γ((ν+1)/2) − ln Γ(ν/2) − ½ ln(νπ)
    /// ```
    /// maximised by Levenberg–Marquardt-damped Newton steps in θ = (a = ln ν, b = ln s, μ) with the
    /// analytic gradient and Hessian, one pass over the values per step (rᵢ = 1/(1 + wᵢ)):
    /// ```
    /// ∂a = nνc′ − (ν/2)Σln(1+w) + (ν+1)/2·Σwr      ∂b = −n + (ν+1)Σwr      ∂μ = (ν+1)/(sν)·Σzr
    /// ∂aa = n(νc′ + ν²c″) − (ν/2)Σln(1+w) + νΣwr − (ν+1)/2·Σwr²
    /// ∂bb = −2(ν+1)Σwr²    ∂ab = νΣwr − (ν+1)Σwr²
    /// ∂μμ = −(ν+1)/(s²ν)·(Σr − 2Σwr²)    ∂μa = Σzr/s − (ν+1)/(sν)·Σzr²    ∂μb = −2(ν+1)/(sν)·Σzr²
    /// ```
    /// from ν₀ = 4 + 6/g₂ (the moment estimate; 30 when g₂ ≤ 0.2; from 32 768 values on, from the
    /// optimum of every 8th value), with ν kept in [0.3, 10⁸] (beyond
    /// 10⁸ the law is the Gaussian to eight digits and ln L is flat). Standard errors from the
    /// observed information −∇²ln L at the optimum; SE(ν̂) = ν̂·SE(â). When ν̂ runs to the upper
    /// end (Gaussian data) ln L is flat in ν: ln ν is then held there, and its SE omitted.
    static func studentT(_ x: UnsafeBufferPointer<Double>, _ moments: (Double, Double)? = nil) throws(AnalysisError) -> LawFit {
        let (m0, v0) = moments ?? meanVar(x)
        let n = Double(x.count)
        var m4 = 0.0
        for v in x { let d = (v - m0) * (v - m0); m4 += d * d }
        let g2 = m4 / n / (v0 * v0) - 3
        let nu0 = g2 > 0.2 ? 4 + 6 / g2 : 30
        var start = [Swift.min(Swift.max(log(nu0), studentLowest), studentHighest), log((v0 * Swift.max(nu0 - 2, 0.5) / nu0).squareRoot()), m0]
        // A large sample first converges on every 8th value; from that optimum (a few standard
        // errors from the full one) the full sample needs two or three steps instead of about six.
        // The warm start stops at a gain under 10⁻² (within 0.14 of its own standard errors,
        // which are √8 times the full sample's): the full sample's steps go the rest of the way.
        start = warmStart(x, from: start) { studentTOptimum($0, from: $1, converged: 1e-2).theta }
        let point = studentTOptimum(x, from: start)
        guard point.ll.isFinite else { throw .notEnoughData(n: x.count, needed: 8) }
        let nu = exp(point.theta[0]), scale = exp(point.theta[1])
        let information = point.hessian.map { $0.map { -$0 } }
        var se: [String: Double] = [:]
        if point.theta[0] < studentHighest - 1e-6, let e = standardErrors(information: information) {
            se = ["nu": nu * e[0], "scale": scale * e[1], "mean": e[2]]
        } else if let e = standardErrors(information: [[information[1][1], information[1][2]], [information[2][1], information[2][2]]]) {
            se = ["scale": scale * e[0], "mean": e[1]]
        }
        return LawFit(parameters: ["nu": nu, "scale": scale, "mean": point.theta[2]], standardErrors: se, logLikelihood: point.ll)
    }

    /// The bounds of ln ν: [ln 0.3, ln 10⁸].
    static let studentLowest = log(0.3), studentHighest = log(1e8)

    /// The damped Newton iterations of ``studentT(_:_:)`` from θ = (ln ν, ln s, μ) = `start`, until
    /// a step would gain less than `converged` in ln L: the optimum's θ, ln L and Hessian.
    static func studentTOptimum(_ x: UnsafeBufferPointer<Double>, from start: [Double],
                                converged: Double = 1e-9) -> (theta: [Double], ll: Double, hessian: [[Double]]) {
        let n = Double(x.count)
        let shared = ParallelLoop.Shared(buffer: x)
        let lowest = studentLowest, highest = studentHighest
        struct Point {
            var theta: [Double]
            var ll: Double
            var gradient: [Double]
            var hessian: [[Double]]
        }
        func evaluate(_ theta: [Double]) -> Point {
            let nu = exp(theta[0]), s = exp(theta[1]), mu = theta[2]
            // Multiplications by 1/s and 1/ν: one division per value instead of three.
            let invS = 1 / s, invNu = 1 / nu
            // (Σ ln(1+w), Σwr, Σwr², Σr, Σzr, Σzr²) on both cores, summed in chunk order.
            // ln(1 + w) a block at a time (VectorMath), summed in the same order.
            let parts = ParallelLoop.chunks(count: shared.buffer.count, chunkSize: 1 << 15) { range -> [Double] in
                // Four lanes of each sum (SIMD4: values 4j, 4j+1, … of a block), added up at the end.
                typealias Lanes = SIMD4<Double>
                var l = Lanes(), wr = Lanes(), wr2 = Lanes(), r0 = Lanes(), zr = Lanes(), zr2 = Lanes()
                let mu4 = Lanes(repeating: mu), invS4 = Lanes(repeating: invS), invNu4 = Lanes(repeating: invNu), one = Lanes(repeating: 1)
                let raw = UnsafeRawPointer(shared.buffer.baseAddress!)
                withUnsafeTemporaryAllocation(of: Double.self, capacity: VectorMath.block) { logs in
                    let out = UnsafeMutableRawPointer(logs.baseAddress!)
                    for start in Swift.stride(from: range.lowerBound, to: range.upperBound, by: VectorMath.block) {
                        let k = Swift.min(VectorMath.block, range.upperBound - start)
                        var j = 0
                        while j + 4 <= k {
                            let z = (raw.loadUnaligned(fromByteOffset: (start + j) * 8, as: Lanes.self) - mu4) * invS4
                            let w = z * z * invNu4, r = one / (one + w)
                            out.storeBytes(of: w, toByteOffset: j * 8, as: Lanes.self)
                            wr += w * r; wr2 += w * r * r; r0 += r; zr += z * r; zr2 += z * r * r
                            j += 4
                        }
                        while j < k {
                            let z = (shared.buffer[start + j] - mu) * invS, w = z * z * invNu, r = 1 / (1 + w)
                            logs[j] = w
                            wr[0] += w * r; wr2[0] += w * r * r; r0[0] += r; zr[0] += z * r; zr2[0] += z * r * r
                            j += 1
                        }
                        VectorMath.log1p(UnsafeMutableBufferPointer(rebasing: logs[0..<k]))
                        j = 0
                        while j + 4 <= k { l += out.loadUnaligned(fromByteOffset: j * 8, as: Lanes.self); j += 4 }
                        while j < k { l[0] += logs[j]; j += 1 }
                    }
                }
                return [l.sum(), wr.sum(), wr2.sum(), r0.sum(), zr.sum(), zr2.sum()]
            }
            var t = [Double](repeating: 0, count: 6)
            for p in parts { for j in 0..<6 { t[j] += p[j] } }
            let (sl, swr, swr2, sr, szr, szr2) = (t[0], t[1], t[2], t[3], t[4], t[5])
            let (c, c1, c2) = studentConstant(nu)
            let ll = n * c - n * theta[1] - (nu + 1) / 2 * sl
            let ga = n * nu * c1 - nu / 2 * sl + (nu + 1) / 2 * swr
            let gb = -n + (nu + 1) * swr
            let gm = (nu + 1) / (s * nu) * szr
            let haa = n * (nu * c1 + nu * nu * c2) - nu / 2 * sl + nu * swr - (nu + 1) / 2 * swr2
            let hbb = -2 * (nu + 1) * swr2
            let hab = nu * swr - (nu + 1) * swr2
            let hmm = -(nu + 1) / (s * s * nu) * (sr - 2 * swr2)
            let hma = szr / s - (nu + 1) / (s * nu) * szr2
            let hmb = -2 * (nu + 1) / (s * nu) * szr2
            return Point(theta: theta, ll: ll, gradient: [ga, gb, gm], hessian: [[haa, hab, hma], [hab, hbb, hmb], [hma, hmb, hmm]])
        }
        var point = evaluate(start)
        var lambda = 0.0
        for _ in 0..<200 {
            // Solve (−H + λ·diag|H|)δ = ∇ln L; raise λ until the system is positive definite and
            // the step raises ln L, lower it after each success.
            // ln ν held at a bound its gradient pushes against leaves the system.
            let g = point.gradient, atBound = (point.theta[0] >= highest && g[0] > 0) || (point.theta[0] <= lowest && g[0] < 0)
            let free = atBound ? [1, 2] : [0, 1, 2]
            var a = free.map { i in free.map { j in -point.hessian[i][j] } }
            for (k, i) in free.enumerated() { a[k][k] += lambda * Swift.max(Swift.abs(point.hessian[i][i]), 1e-12) }
            guard let reduced = solvePositiveDefinite(a, free.map { g[$0] }) else { lambda = Swift.max(1e-3, 10 * lambda); continue }
            var step = [0.0, 0.0, 0.0]
            for (k, i) in free.enumerated() { step[i] = reduced[k] }
            var theta = zip(point.theta, step).map(+)
            theta[0] = Swift.min(Swift.max(theta[0], lowest), highest)
            // Converged when the step would gain less than `converged` in ln L (10⁻⁹: θ is then
            // within √(2·10⁻⁹) ≈ 4.5·10⁻⁵ standard errors of the optimum); the step is not taken
            // (nor its pass over the values made).
            let predicted = zip(point.gradient, step).reduce(0) { $0 + $1.0 * $1.1 }
            if predicted < converged { break }
            let trial = evaluate(theta)
            if trial.ll.isFinite && trial.ll >= point.ll {
                point = trial
                lambda = lambda < 1e-6 ? 0 : lambda / 10
            } else {
                lambda = Swift.max(1e-3, 10 * lambda)
            }
        }
        return (point.theta, point.ll, point.hessian)
    }

    /// c(ν) = ln Γ((ν+1)/2) − ln Γ(ν/2) − ½ ln(νπ) and its first two derivatives in ν. For
    /// x = ν/2 ≥ 50 by the asymptotic series (error < 2·10⁻¹⁵), which avoids the cancellation of
    /// two large ln Γ and ψ that would otherwise pose as a likelihood gain as ν̂ → ∞:
    /// ```
    /// c  = −½ ln 2π − 1/(8x) + 1/(192x³) − 1/(640x⁵)
    /// c′ = 1/(16x²) − 1/(128x⁴) + 1/(256x⁶)
    /// c″ = −1/(16x³) + 1/(64x⁵) − 3/(256x⁷)
    /// ```
    static func studentConstant(_ nu: Double) -> (Double, Double, Double) {
        let x = nu / 2
        if x < 50 {
            let c = SpecialFunctions.lnGamma(x + 0.5) - SpecialFunctions.lnGamma(x) - 0.5 * log(nu * .pi)
            let c1 = 0.5 * (SpecialFunctions.digamma(x + 0.5) - SpecialFunctions.digamma(x)) - 1 / (2 * nu)
            let c2 = 0.25 * (SpecialFunctions.trigamma(x + 0.5) - SpecialFunctions.trigamma(x)) + 1 / (2 * nu * nu)
            return (c, c1, c2)
        }
        let x2 = x * x, x3 = x2 * x
        let c = -0.5 * log(2 * .pi) - 1 / (8 * x) + 1 / (192 * x3) - 1 / (640 * x3 * x2)
        let c1 = 1 / (16 * x2) - 1 / (128 * x2 * x2) + 1 / (256 * x3 * x3)
        let c2 = -1 / (16 * x3) + 1 / (64 * x3 * x2) - 3 / (256 * x3 * x2 * x2)
        return (c, c1, c2)
    }

    /// The solution of A·δ = g for a symmetric positive-definite A (Cholesky); nil when A is not
    /// positive definite.
    static func solvePositiveDefinite(_ a: [[Double]], _ g: [Double]) -> [Double]? {
        let d = g.count
        var l = [[Double]](repeating: [Double](repeating: 0, count: d), count: d)
        for i in 0..<d {
            for j in 0...i {
                var sum = a[i][j]
                for k in 0..<j { sum -= l[i][k] * l[j][k] }
                if i == j {
                    guard sum > 0, sum.isFinite else { return nil }
                    l[i][i] = sum.squareRoot()
                } else {
                    l[i][j] = sum / l[j][j]
                }
            }
        }
        var y = [Double](repeating: 0, count: d)
        for i in 0..<d {
            var sum = g[i]
            for k in 0..<i { sum -= l[i][k] * y[k] }
            y[i] = sum / l[i][i]
        }
        var out = [Double](repeating: 0, count: d)
        for i in stride(from: d - 1, through: 0, by: -1) {
            var sum = y[i]
            for k in (i + 1)..<d { sum -= l[k][i] * out[k] }
            out[i] = sum / l[i][i]
        }
        return out.allSatisfy(\.isFinite) ? out : nil
    }
}
