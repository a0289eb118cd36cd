import GSLKit
import Testing

/// The two-stage symmetric eigensolver used from order 2048 on agrees with the one-stage one.
@Suite struct TwoStageEigenTests {
    /// A Wishart-like Gram matrix of order 2048 from a seeded Gaussian 2048×2304 W: both solvers
    /// are backward stable, so their eigenvalues differ by at most a small multiple of ε·λmax
    /// (bound used: 1e-12·λmax, about 4500 ε; deterministic, no false-failure probability), and
    /// Σλ equals trace(G) = ‖W‖²_F to the same precision.
    @Test func twoStageMatchesOneStage() throws {
        let m = 2048, n = 2304
        let rng = RandomEngine(seed: 7)
        var w = [Double](repeating: 0, count: m * n)
        for i in w.indices { w[i] = rng.gaussian(1) }
        var gram = [Double](repeating: 0, count: m * m)
        w.withUnsafeBufferPointer { wp in
            gram.withUnsafeMutableBufferPointer { gp in
                LinearAlgebra.gemm(wp.baseAddress!, wp.baseAddress!, transposeB: true, into: gp.baseAddress!, m: m, n: m, k: n)
            }
        }
        var one = gram, two = gram
        let l1 = try LinearAlgebra.symmetricEigenvalues(&one, order: m, twoStage: false)
        let l2 = try LinearAlgebra.symmetricEigenvalues(&two, order: m, twoStage: true)
        let top = l1.last!
        let worst = zip(l1, l2).map { abs($0 - $1) }.max()!
        #expect(worst <= 1e-12 * top, "largest difference \(worst) against λmax \(top)")
        let trace = (0..<m).reduce(0.0) { $0 + gram[$1 * m + $1] }
        #expect(abs(l2.reduce(0, +) - trace) <= 1e-12 * top * Double(m))
        #expect(l2 == l2.sorted())
    }
}
