import Foundation
import GSLKit
import Testing
@testable import Distributions

@Suite struct OptimalWeightsTests {
    /// Realised zero and outlier fractions within 6 binomial SEs of π0 and ε, and the non-zero,
    /// non-outlier variance within 6 SEs of the truncated-Gaussian variance (false failure < 10⁻⁸ each).
    @Test(arguments: [(0.5, 0.001, 8.0, 2.5), (0.3, 0.02, 6.0, 2.0), (0.0, 0.05, 10.0, 3.0)])
    func componentsMatchParameters(pi0: Double, eps: Double, m: Double, c: Double) throws {
        let law = try OptimalWeights(sigma: 0.02, c: c, sparsity: pi0, outliers: eps, outlierMagnitude: .fixed(m))
        let n = 2_000_000
        var buffer = [Float](repeating: .nan, count: n)
        buffer.withUnsafeMutableBufferPointer { law.fill($0, using: RandomEngine(.taus2, seed: 99)) }
        let zeros = Double(buffer.filter { $0 == 0 }.count) / Double(n)
        let outliers = buffer.filter { abs(Double($0)) > c * 0.02 * (1 + 1e-6) }
        let body = buffer.filter { $0 != 0 && abs(Double($0)) <= c * 0.02 * (1 + 1e-6) }.map(Double.init)
        // GSL's ziggurat draws x = j·w[i] with a 24-bit j, so the body itself is exactly 0 with
        // probability 2⁻²⁴ per draw: allow for that (≤ 2 expected here, 12 is far in its tail).
        #expect(abs(zeros - pi0) <= 6 * (pi0 * (1 - pi0) / Double(n)).squareRoot() + 12 / Double(n))
        #expect(abs(Double(outliers.count) / Double(n) - eps) <= 6 * (eps * (1 - eps) / Double(n)).squareRoot())
        #expect(outliers.allSatisfy { abs(abs(Double($0)) - m * 0.02) < 1e-6 })
        let positive = Double(outliers.filter { $0 > 0 }.count)
        #expect(abs(positive - Double(outliers.count) / 2) <= 6 * (Double(outliers.count) / 4).squareRoot() + 1)
        let tn = law.nonZeroTruncated.moments
        let v = body.reduce(0) { $0 + $1 * $1 } / Double(body.count)
        let m4 = body.reduce(0) { $0 + $1 * $1 * $1 * $1 } / Double(body.count)
        #expect(abs(v - tn.variance) <= 6 * ((m4 - v * v) / Double(body.count)).squareRoot())
    }

    /// The atom at 0 is written as +0 in both precisions (never −0, which a branch-free
    /// multiply by 0 would give for negative body values), for 32-bit, 24-bit and mrg generators.
    @Test(arguments: [Generator.taus2, .ranlxs0, .mrg])
    func zerosArePositiveZeros(generator: Generator) throws {
        let law = try OptimalWeights(sigma: 1, c: 2, sparsity: 0.5, outliers: 0.01, outlierMagnitude: .fixed(5))
        var f = [Float](repeating: .nan, count: 200_000), d = [Double](repeating: .nan, count: 200_000)
        f.withUnsafeMutableBufferPointer { law.fill($0, using: RandomEngine(generator, seed: 4)) }
        d.withUnsafeMutableBufferPointer { law.fill($0, using: RandomEngine(generator, seed: 4)) }
        #expect(f.filter { $0 == 0 }.count > 90_000)
        #expect(!f.contains { $0 == 0 && $0.sign == .minus } && !d.contains { $0 == 0 && $0.sign == .minus })
    }

    @Test func invalidParametersAreRejected() {
        #expect(throws: DistributionError.self) { try OptimalWeights(sigma: 0, c: 2) }
        #expect(throws: DistributionError.self) { try OptimalWeights(sigma: 1, c: 2, sparsity: 1) }
        #expect(throws: DistributionError.self) { try OptimalWeights(sigma: 1, c: 2, sparsity: 0.6, outliers: 0.5) }
        #expect(throws: DistributionError.self) { try OptimalWeights(sigma: 1, c: -1) }
    }
}
