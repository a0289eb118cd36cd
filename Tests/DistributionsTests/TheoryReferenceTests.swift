import Foundation
import GSLKit
import Testing
@testable import Distributions

/// Reference numbers of the closed forms (truncated-Gaussian kurtosis and variance, W*, MP,
/// Weibull), worked out independently and checked to the digits given.
@Suite struct TheoryReferenceTests {
    @Test(arguments: [(1.0, 1.941, 0.2911), (2.0, 2.366, 0.7737), (3.0, 2.829, 0.9733)])
    func truncatedGaussianKurtosisAndVariance(c: Double, kurtosis: Double, varianceFactor: Double) throws {
        let m = try TruncatedGaussian.symmetric(sigma: 1, c: c).moments
        #expect(abs(m.kurtosis - kurtosis) < 0.0005)
        #expect(abs(m.variance - varianceFactor) < 0.00005)
        // The closed forms: E[X²] = 1 − 2cφ(c)/Z, E[X⁴] = 3 − 2(c³ + 3c)φ(c)/Z.
        let z = 2 * SpecialFunctions.normalCDF(c) - 1, phi = SpecialFunctions.normalPDF(c)
        let e2 = 1 - 2 * c * phi / z, e4 = 3 - 2 * (c * c * c + 3 * c) * phi / z
        #expect(abs(m.variance - e2) < 1e-14)
        #expect(abs(m.kurtosis - e4 / (e2 * e2)) < 1e-12)
    }

    @Test(arguments: [(0.5, 25.2), (1.0, 6.0), (1.5, 3.762), (2.0, 3.0)])
    func generalizedGaussianKurtosis(beta: Double, kurtosis: Double) throws {
        let m = try GeneralizedGaussian(beta: beta, scale: 1).moments
        #expect(abs(m.kurtosis - kurtosis) < 0.0005 * max(1, kurtosis / 10))
    }

    @Test func gaussianTailMass() throws {
        let g = try Gaussian(sigma: 1)
        #expect(abs(g.cdf(-3) + g.survival(3) - 0.0026998) < 5e-8)
    }

    @Test func twoScaleKurtosis() throws {
        // 3(pσ1⁴ + (1−p)σ2⁴)/(pσ1² + (1−p)σ2²)²
        let law = try ScaleMixture(scale: .twoPoint(s1: 1, s2: 3, p: 0.25))
        let expected = 3 * (0.25 * 1 + 0.75 * 81) / pow(0.25 * 1 + 0.75 * 9, 2)
        #expect(abs(law.moments.kurtosis - expected) < 1e-12)
        #expect(abs(ScaleMixture.pooledKurtosis(sigmas: [1, 3, 3, 3]) - expected) < 1e-12)
    }

    @Test func sparsityMultipliesKurtosis() throws {
        // An exact-zero spike of mass π0 multiplies the kurtosis by 1/(1 − π0).
        let dense = try OptimalWeights(sigma: 1, c: 2.5)
        let sparse = try OptimalWeights(sigma: 1, c: 2.5, sparsity: 0.4)
        #expect(abs(sparse.moments.kurtosis - dense.moments.kurtosis / 0.6) < 1e-12)
    }

    @Test func marchenkoPasturEdgesAndMass() throws {
        let mp = try MarchenkoPastur(ratio: 0.25, sigma2: 2)
        #expect(abs(mp.lambdaPlus - 2 * 2.25) < 1e-12)
        #expect(abs(mp.lambdaMinus - 2 * 0.25) < 1e-12)
        #expect(abs(mp.cdf(mp.lambdaPlus - 1e-12) - 1) < 1e-6)
        #expect(abs(mp.cdf(mp.quantile(0.3)) - 0.3) < 1e-8)
    }

    @Test func weibullMedian() throws {
        let w = try Weibull(k: 1.205, lambda: 0.887)
        #expect(abs(w.quantile(0.5) - 0.887 * pow(log(2.0), 1 / 1.205)) < 1e-12)
    }
}
