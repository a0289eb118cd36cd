import Testing
import GSLKit
@testable import Distributions

@Suite struct LawSpecTests {
    static let specs = [
        "gaussian(sigma=0.02)", "normal(sigma=1, mean=2)", "truncated(sigma=0.02, c=2)", "truncated(sigma=1, a=-1, b=inf)",
        "laplace(scale=0.5)", "gennorm(beta=1.5, scale=0.02)", "studentt(nu=5)", "t(nu=3, scale=2)",
        "mixture(scale=lognormal(0, 0.5), by=row)", "mixture(scale=twopoint(s1=0.5, s2=2, p=0.3), by=column)",
        "mixture(scale=gamma(2, 0.5), by=block, block=64x32, sigma=0.02)", "mixture(scale=uniform(0.5, 1.5))",
        "wstar(sigma=0.02, c=2.5, sparsity=0.5, outliers=0.001, outlier_scale=8)", "optimal(sigma=1, c=3)",
        "wstar(sigma=1, c=2, outliers=0.01, outlier_law=uniform(3, 6))", "weibull(k=1.2, lambda=0.9)",
    ]

    /// Every spec parses, and the law's description parses back to an equal law.
    @Test(arguments: specs)
    func parsesAndRoundTrips(spec: String) throws {
        let law = try parseLaw(spec)
        let again = try parseLaw(law.description)
        #expect(again.description == law.description)
        #expect(String(describing: again.moments) == String(describing: law.moments))
    }

    @Test func groupingIsParsed() throws {
        let law = try #require(try parseLaw("mixture(scale=gamma(2, 0.5), by=block, block=64x32)") as? ScaleMixture)
        #expect(law.grouping == .block(rows: 64, columns: 32))
    }

    static let errors: [(String, String)] = [
        ("gausian(sigma=1)", "did you mean 'gaussian'"),
        ("gaussian(sigam=1)", "did you mean 'sigma'"),
        ("gaussian(mean=1)", "missing parameter 'sigma'"),
        ("gaussian(sigma=-1)", "'sigma' must be finite and > 0"),
        ("gaussian(sigma=1", "missing ')'"),
        ("gaussian(sigma=1) x", "after the spec"),
        ("truncated(sigma=1, a=2, b=1)", "is empty"),
        ("truncated(sigma=1, c=2, a=1)", "either c or a and b"),
        ("wstar(sigma=1, c=2, sparsity=1.2)", "'sparsity' must be in [0, 1)"),
        ("wstar(sigma=1, c=2, outliers=0.1)", "missing parameter 'outlier_scale'"),
        ("mixture(scale=lognormal(0, 0.5), by=diagonal)", "must be element, row, column or block"),
        ("mixture(scale=cauchy(1))", "unknown law 'cauchy'"),
        ("mixture(scale=uniform(2, 1))", "needs 0 < lo < hi"),
        ("(sigma=1)", "expected a law name"),
        ("gaussian(sigma=1, sigma=2)", "is given twice"),
        // Parameters whose draws would overflow, underflow or come out wrong (DrawRange).
        ("gaussian(sigma=1e308)", "'sigma' must be in [1e-30, 1e30]"),
        ("gaussian(sigma=1e-40)", "'sigma' must be in [1e-30, 1e30]"),
        ("gaussian(sigma=1, mean=1e31)", "'mean' must be finite with magnitude ≤ 1e30"),
        ("laplace(scale=1e31)", "'scale' must be in [1e-30, 1e30]"),
        ("gennorm(beta=0.001, scale=1)", "'beta' must be in [0.02, 20]"),
        ("gennorm(beta=100, scale=1)", "'beta' must be in [0.02, 20]"),
        ("gennorm(beta=0.05, scale=1)", "'beta' makes gennorm(beta=0.05, scale=1.0) reach ±"),
        ("gennorm(beta=0.1, scale=1e20)", "'beta' makes gennorm"),
        ("studentt(nu=1e-300)", "'nu' must be ≥ 0.1"),
        ("studentt(nu=0.3)", "'nu' makes studentt(nu=0.3) reach ±"),
        ("mixture(scale=lognormal(800, 1))", "'scale' makes the 1e-15 tail quantile"),
        ("mixture(scale=gamma(2, 1e31))", "'scale' makes mixture"),
        ("wstar(sigma=1, c=2, outliers=0.1, outlier_scale=1e40)", "'outlier_scale' makes wstar"),
        ("weibull(k=0.01, lambda=1)", "'k' makes weibull"),
    ]

    /// The most extreme accepted parameters draw finite values only, and gennorm at β = 20 no
    /// spurious exact zeros (P(X = 0) = 0 for the law; GSL's sampler gives them above β ≈ 50).
    @Test(arguments: ["gaussian(sigma=1e30)", "gaussian(sigma=1e-30)", "gennorm(beta=0.1, scale=1)", "gennorm(beta=20, scale=1)",
                      "studentt(nu=0.5)", "laplace(scale=1e30)"])
    func acceptedExtremesDrawFiniteValues(spec: String) throws {
        let law = try parseLaw(spec)
        var x = [Float](repeating: .nan, count: 200_000)
        x.withUnsafeMutableBufferPointer { law.fill($0, using: RandomEngine(seed: 99)) }
        #expect(x.allSatisfy { $0.isFinite && $0 != 0 }, "\(spec): \(x.filter { !$0.isFinite || $0 == 0 }.prefix(5))")
    }

    @Test(arguments: errors)
    func errorsNameTheProblem(spec: String, expected: String) {
        do {
            _ = try parseLaw(spec)
            Issue.record("\(spec) parsed but should fail with '\(expected)'")
        } catch {
            #expect(error.description.contains(expected), "\(spec): \(error.description)")
        }
    }
}
