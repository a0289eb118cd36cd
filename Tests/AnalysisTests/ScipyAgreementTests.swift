import Foundation
import Testing
import TensorIO
@testable import Analysis

/// Every statistic against SciPy on the same data (scripts/reference/make_fixtures.py wrote the
/// datasets and reference.json). Closed forms must agree to 1e-9 relative; optimiser results
/// within the stated looser tolerances.
@Suite struct ScipyAgreementTests {
    static let fixtures = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!
    nonisolated(unsafe) static let reference: [String: Any] = {
        let data = try! Data(contentsOf: fixtures.appendingPathComponent("reference.json"))
        return try! JSONSerialization.jsonObject(with: data) as! [String: Any]
    }()
    static let names = ["normal_50", "normal_1000", "normal_20000", "laplace_5000", "t5_5000", "gennorm_5000",
                        "uniform_2000", "truncnorm_5000", "bf16_normal_5000"]

    func load(_ name: String) throws -> [Double] {
        try NpyFile(url: Self.fixtures.appendingPathComponent("\(name).npy")).doubles()
    }

    func ref(_ name: String) -> [String: Any] {
        (Self.reference["datasets"] as! [String: Any])[name] as! [String: Any]
    }

    func close(_ a: Double, _ b: Double, _ rel: Double) -> Bool { abs(a - b) <= rel * max(abs(b), 1e-300) }

    @Test(arguments: names)
    func momentsAndTestsMatchScipy(name: String) throws {
        let x = try load(name)
        let r = ref(name)
        let m = try x.withUnsafeBufferPointer { try MomentSummary.of($0) }
        #expect(close(m.mean.value, r["mean"] as! Double, 1e-9))
        #expect(close(m.std.value, r["std"] as! Double, 1e-9))
        #expect(close(m.skewness.value, r["skew"] as! Double, 1e-8))
        #expect(close(m.excessKurtosis.value, r["kurtosis"] as! Double, 1e-8))
        let sorted = x.sorted()
        let t = try sorted.withUnsafeBufferPointer {
            try NormalityTests.run(sorted: $0, mean: m.mean.value, std: m.std.value, skewness: m.skewness.value, excessKurtosis: m.excessKurtosis.value)
        }
        #expect(close(t.ks.statistic, r["ks_statistic"] as! Double, 1e-9), "\(name): KS \(t.ks.statistic)")
        // scipy.stats.kstest's p-value uses the exact Kolmogorov law for small n; ours is the
        // asymptotic one with Stephens' correction: agreement within 0.02 absolute.
        #expect(abs(t.ksPlainPValue - (r["ks_pvalue"] as! Double)) < 0.02, "\(name): plain KS p \(t.ksPlainPValue)")
        #expect(close(t.andersonDarlingRaw, r["anderson_statistic"] as! Double, 1e-8), "\(name): A² \(t.andersonDarlingRaw)")
        #expect(close(t.cramerVonMisesRaw, r["cvm_statistic"] as! Double, 1e-8), "\(name): W² \(t.cramerVonMisesRaw)")
        #expect(close(t.jarqueBera.statistic, r["jb_statistic"] as! Double, 1e-8))
        #expect(abs(t.jarqueBera.pValue - (r["jb_pvalue"] as! Double)) < 1e-12)
    }

    @Test(arguments: names)
    func fitsMatchScipy(name: String) throws {
        let x = try load(name)
        let r = ref(name)
        try x.withUnsafeBufferPointer { p in
            // gennorm.fit(floc=0): β and scale within 1e-4 relative (both maximise the same profile).
            let (g, ll) = try Fits.generalizedGaussianML(p, loc: 0)
            if name.hasPrefix("uniform") {
                // The uniform is the β → ∞ limit: SciPy runs off to β ≈ 10¹⁰, we stop at the bound 100.
                #expect(g["beta"]! > 99)
                #expect(ll >= (r["gennorm_loglik"] as! Double) - 0.01 * abs(r["gennorm_loglik"] as! Double))
                return
            }
            #expect(close(g["beta"]!, r["gennorm_beta"] as! Double, 1e-4), "\(name): β \(g["beta"]!) vs \(r["gennorm_beta"]!)")
            #expect(close(g["scale"]!, r["gennorm_scale"] as! Double, 1e-4))
            #expect(ll >= (r["gennorm_loglik"] as! Double) - 1e-6 * abs(r["gennorm_loglik"] as! Double))
            // laplace.fit is closed form: median and mean absolute deviation.
            let (l, _) = Fits.laplace(p)
            #expect(close(l["mean"]!, r["laplace_loc"] as! Double, 1e-12) || abs(l["mean"]! - (r["laplace_loc"] as! Double)) < 1e-12)
            #expect(close(l["scale"]!, r["laplace_scale"] as! Double, 1e-9))
        }
    }

    /// Our truncated-Gaussian log-likelihood is scipy.stats.truncnorm.logpdf summed, at the same σ.
    @Test(arguments: names)
    func truncatedLikelihoodMatchesScipy(name: String) throws {
        let x = try load(name)
        let n = Double(x.count)
        let s2 = x.reduce(0) { $0 + $1 * $1 } / n
        for case let entry as [String: Double] in ref(name)["truncnorm_loglik"] as! [Any] {
            let sigma = entry["sigma"]!, t = entry["bound"]!
            let z = 2 * GSLKitBridge.normalCDF(t / sigma) - 1
            let ll = -0.5 * s2 * n / (sigma * sigma) - n * (0.5 * log(2 * .pi) + log(sigma) + log(z))
            #expect(close(ll, entry["loglik"]!, 1e-9), "\(name): \(ll) vs \(entry["loglik"]!)")
        }
        // And the ML fit is at least as likely as any of scipy's evaluated points.
        let (_, best) = try x.withUnsafeBufferPointer { try Fits.truncatedGaussian($0) }
        for case let entry as [String: Double] in ref(name)["truncnorm_loglik"] as! [Any] { #expect(best >= entry["loglik"]! - 1e-6) }
    }

    @Test func brownForsytheMatchesScipyLevene() throws {
        let x = try load("matrix_64x128")
        let r = Self.reference["matrix_64x128"] as! [String: [Double]]
        let iid = try x.withUnsafeBufferPointer { try IIDChecks.run($0, rows: 64, columns: 128) }
        #expect(close(iid.rowHomogeneity.statistic, r["levene_rows"]![0], 1e-9))
        #expect(close(iid.rowHomogeneity.pValue, r["levene_rows"]![1], 1e-6))
        #expect(close(iid.columnHomogeneity.statistic, r["levene_columns"]![0], 1e-9))
        #expect(close(iid.columnHomogeneity.pValue, r["levene_columns"]![1], 1e-6))
    }

    @Test func tiesAreDetectedInBF16Weights() throws {
        let x = try load("bf16_normal_5000").sorted()
        let m = try x.withUnsafeBufferPointer { try MomentSummary.of($0) }
        let t = try x.withUnsafeBufferPointer {
            try NormalityTests.run(sorted: $0, mean: m.mean.value, std: m.std.value, skewness: m.skewness.value, excessKurtosis: m.excessKurtosis.value)
        }
        #expect(t.ties.distinctFraction < 0.9)
        #expect(t.ties.handling.contains("heavy ties"))
        let clean = try load("normal_20000").sorted()
        let mc = try clean.withUnsafeBufferPointer { try MomentSummary.of($0) }
        let tc = try clean.withUnsafeBufferPointer {
            try NormalityTests.run(sorted: $0, mean: mc.mean.value, std: mc.std.value, skewness: mc.skewness.value, excessKurtosis: mc.excessKurtosis.value)
        }
        #expect(tc.ties.handling == "no material ties")
    }
}

import GSLKit
/// Direct access to Φ for the likelihood check.
enum GSLKitBridge {
    static func normalCDF(_ x: Double) -> Double { SpecialFunctions.normalCDF(x) }
}
