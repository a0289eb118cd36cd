import Foundation
import Testing
@testable import GSLKit

@Suite struct GSLKitTests {
    /// Known outputs from GSL's own generator test suite (`rng/test.c`): the n-th value of
    /// `gsl_rng_get` after `gsl_rng_set(r, seed)`. They pin our binding to the reference
    /// implementation (through ``RandomEngine/init(_:gslSeed:)``, GSL's own seeding).
    static let knownOutputs: [(Generator, UInt, Int, UInt)] = [
        (.taus2, 1, 10_000, 2_733_957_125),
        (.mt19937, 4357, 1000, 1_186_927_261),
        (.ranlxd2, 1, 10_000, 3_949_287_736),
        (.ranlxs0, 1, 10_000, 11_904_320),
        (.mrg, 1, 10_000, 2_064_828_650),
        (.ranlux389, 314_159_265, 10_000, 165_942),
    ]

    @Test(arguments: 0..<knownOutputs.count)
    func generatorsMatchGSLReferenceValues(index: Int) {
        let (generator, seed, steps, expected) = Self.knownOutputs[index]
        let engine = RandomEngine(generator, gslSeed: seed)
        var k: UInt = 0
        for _ in 0..<steps { k = engine.nextBits() }
        #expect(k == expected, "\(generator) seed \(seed): value \(steps) is \(k), GSL's test suite says \(expected)")
    }

    /// Uniform and ziggurat-Gaussian output of every generator: mean and variance within 5
    /// standard errors of theory (false-failure probability ≈ 6e-7 per check, 28 checks).
    @Test(arguments: Generator.allCases)
    func uniformAndGaussianMoments(generator: Generator) {
        let engine = RandomEngine(generator, seed: 2026)
        let n = 200_000
        var su = 0.0, suu = 0.0, sg = 0.0, sgg = 0.0
        for _ in 0..<n {
            let u = engine.uniform(), g = engine.gaussian()
            #expect(u >= 0 && u < 1)
            su += u; suu += u * u; sg += g; sgg += g * g
        }
        let nd = Double(n)
        let meanU = su / nd, varU = suu / nd - meanU * meanU
        let meanG = sg / nd, varG = sgg / nd - meanG * meanG
        // SE of a uniform mean: sqrt(1/12/n); of its variance: sqrt((1/80 − 1/144)/n).
        #expect(abs(meanU - 0.5) < 5 * (1.0 / 12 / nd).squareRoot())
        #expect(abs(varU - 1.0 / 12) < 5 * ((1.0 / 80 - 1.0 / 144) / nd).squareRoot())
        // SE of a normal mean: sqrt(1/n); of its variance: sqrt(2/n).
        #expect(abs(meanG) < 5 * (1 / nd).squareRoot())
        #expect(abs(varG - 1) < 5 * (2 / nd).squareRoot())
    }

    @Test func gaussianTailStaysBeyondItsCut() {
        let engine = RandomEngine(seed: 3)
        for _ in 0..<10_000 { #expect(engine.gaussianTail(2.5, sigma: 0.5) >= 2.5) }
    }

    @Test func specialFunctionsMatchClosedForms() {
        #expect(abs(SpecialFunctions.normalCDF(0) - 0.5) < 1e-15)
        #expect(abs(SpecialFunctions.normalCDF(1.959963984540054) - 0.975) < 1e-12)
        #expect(abs(SpecialFunctions.normalQuantile(0.975) - 1.959963984540054) < 1e-10)
        #expect(abs(SpecialFunctions.normalSFInverse(0.025) - 1.959963984540054) < 1e-10)
        #expect(abs(SpecialFunctions.gamma(5) - 24) < 1e-12)
        #expect(abs(SpecialFunctions.lnGamma(0.5) - 0.5 * log(Double.pi)) < 1e-14)
        #expect(abs(SpecialFunctions.digamma(1) + 0.5772156649015329) < 1e-13)
        #expect(abs(SpecialFunctions.trigamma(1) - Double.pi * Double.pi / 6) < 1e-13)
        // χ²₂ is Exp(1/2): P(X > x) = e^{−x/2}.
        #expect(abs(SpecialFunctions.chiSquaredSF(3, dof: 2) - exp(-1.5)) < 1e-14)
        #expect(abs(SpecialFunctions.chiSquaredQuantile(1 - exp(-1.5), dof: 2) - 3) < 1e-9)
        // Binomial(4, 1/2): P(X ≤ 1) = 5/16.
        #expect(abs(SpecialFunctions.binomialCDF(1, p: 0.5, n: 4) - 5.0 / 16) < 1e-14)
        // Beta(1, 1) is uniform.
        #expect(abs(SpecialFunctions.betaQuantile(0.3, 1, 1) - 0.3) < 1e-12)
        // Student-t with 1 dof is Cauchy: F(1) = 3/4.
        #expect(abs(SpecialFunctions.studentTCDF(1, dof: 1) - 0.75) < 1e-14)
        #expect(abs(SpecialFunctions.studentTQuantile(0.75, dof: 1) - 1) < 1e-10)
        // exppow with b = 2 and a = √2 is N(0, 1).
        #expect(abs(SpecialFunctions.exponentialPowerCDF(1, scale: 2.0.squareRoot(), shape: 2) - SpecialFunctions.normalCDF(1)) < 1e-12)
    }

    /// Arguments outside a function's domain give NaN, not GSL's default abort: every entry point
    /// switches the handler off first (a process-wide once; run alone, this test is the first GSL
    /// use of its process, and an abort would kill the test run).
    @Test func domainErrorsGiveNaNInsteadOfAborting() {
        #expect(SpecialFunctions.gamma(-1).isNaN)
        #expect(SpecialFunctions.digamma(0).isNaN)
        #expect(SpecialFunctions.gammaQuantile(2, shape: 1, scale: 1).isNaN)
        #expect(SpecialFunctions.chiSquaredQuantile(-0.5, dof: 2).isNaN)
        // GSL reports "inverse failed to converge" here.
        #expect(SpecialFunctions.studentTQuantile(1e-15, dof: 0.05).isNaN)
    }

    @Test func minimisersAndRootFinderFindKnownPoints() throws {
        let x = try Minimizer.brent(lower: -3, upper: 5) { ($0 - 1.25) * ($0 - 1.25) + 2 }
        #expect(abs(x - 1.25) < 1e-6)
        // Rosenbrock's valley: minimum at (1, 1).
        let r = try Minimizer.simplex(start: [-1.2, 1], steps: [0.5, 0.5], tolerance: 1e-10, maxIterations: 10_000) { p in
            let a = 1 - p[0], b = p[1] - p[0] * p[0]
            return a * a + 100 * b * b
        }
        #expect(abs(r.point[0] - 1) < 1e-4 && abs(r.point[1] - 1) < 1e-4)
        let root = try Minimizer.root(lower: 0, upper: 2) { $0 * $0 - 2 }
        #expect(abs(root - 2.0.squareRoot()) < 1e-11)
    }

    @Test func badArgumentsBecomeTypedErrors() {
        #expect(throws: GSLError.self) { try Minimizer.root(lower: 0, upper: 1) { $0 + 5 } }
        #expect(throws: GSLError.self) { try Minimizer.brent(lower: 1, upper: 1) { $0 } }
        #expect(throws: GSLError.self) { try Minimizer.simplex(start: [], steps: []) { _ in 0 } }
        var notSquare = [Double](repeating: 0, count: 6)
        #expect(throws: GSLError.self) { try LinearAlgebra.symmetricEigenvalues(&notSquare, order: 2) }
    }

    @Test func quadratureIntegratesTheNormalDensity() throws {
        let whole = try Quadrature.integrate(-.infinity, .infinity) { SpecialFunctions.normalPDF($0) }
        #expect(abs(whole - 1) < 1e-10)
        let tail = try Quadrature.integrate(2, .infinity) { SpecialFunctions.normalPDF($0) }
        #expect(abs(tail - SpecialFunctions.normalSF(2)) < 1e-12)
        let window = try Quadrature.integrate(-1, 1) { SpecialFunctions.normalPDF($0) }
        #expect(abs(window - (1 - 2 * SpecialFunctions.normalSF(1))) < 1e-12)
    }

    @Test func linearAlgebraAgreesWithDirectComputation() throws {
        // W = [[1, 2, 0], [0, 1, 1]] (2×3): G = W·Wᵀ/3 = [[5, 2], [2, 2]]/3, eigenvalues 1/3 and 2.
        let w: [Double] = [1, 2, 0, 0, 1, 1]
        let eig = try w.withUnsafeBufferPointer { try LinearAlgebra.gramEigenvalues($0, rows: 2, columns: 3) }
        #expect(eig.count == 2)
        #expect(abs(eig[0] - 1.0 / 3) < 1e-12 && abs(eig[1] - 2) < 1e-12)

        // C = Aᵀ·B with A 3×2, B 3×2 → 2×2, against a direct triple loop, in both precisions.
        let a: [Double] = [1, 2, 3, 4, 5, 6], b: [Double] = [0.5, -1, 2, 0, 1, 3]
        var c = [Double](repeating: 0, count: 4)
        LinearAlgebra.gemm(a, transposeA: true, b, into: &c, m: 2, n: 2, k: 3)
        var direct = [Double](repeating: 0, count: 4)
        for i in 0..<2 { for j in 0..<2 { for l in 0..<3 { direct[i * 2 + j] += a[l * 2 + i] * b[l * 2 + j] } } }
        #expect(c == direct)
        let af = a.map(Float.init), bf = b.map(Float.init)
        var cf = [Float](repeating: 0, count: 4)
        LinearAlgebra.gemm(af, transposeA: true, bf, into: &cf, m: 2, n: 2, k: 3)
        #expect(cf == direct.map(Float.init))
    }

    @Test func errorDescriptionsNameTheRoutine() {
        let e = GSLError.lapack(info: 3, routine: "LAPACKE_dsyevd")
        #expect(e.description.contains("LAPACKE_dsyevd") && e.description.contains("3"))
        #expect(throws: GSLError.self) { try GSLError.check(1, "gsl_test_routine") }
        do { try GSLError.check(1, "gsl_test_routine") } catch {
            #expect(error.description.contains("gsl_test_routine"))
        }
    }
}
