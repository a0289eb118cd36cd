import Foundation
import Testing

/// `analyze --moments-only` on bf16 and f16 checkpoints, whose tensors are scanned straight from
/// the file's map: the report is byte-identical for any --threads, and its moments agree with the
/// full analysis (which decodes the values) to rounding. Deterministic: no false failures.
@Suite(.serialized) struct MomentsScanCommandTests {
    @Test(arguments: ["bf16", "f16"])
    func reportDoesNotDependOnThreadsAndAgreesWithTheFullAnalysis(dtype: String) throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let model = dir.file("m.safetensors").path
        let made = try CLI.run(["sample", "--dist", "gennorm(beta=1.5, scale=0.02)", "--shape", "300x1001", "--layers", "3",
                                "--dtype", dtype, "--seed", "5", "--quiet", "--output", model])
        #expect(made.status == 0, "\(made.stderr)")
        var reports: [Data] = []
        for threads in ["1", "2", "3"] {
            let out = dir.file("scan-\(threads).json")
            let r = try CLI.run(["analyze", model, "--moments-only", "--threads", threads, "--quiet", "--json", out.path])
            #expect(r.status == 0, "\(r.stderr)")
            reports.append(try Data(contentsOf: out))
        }
        #expect(reports[0] == reports[1] && reports[0] == reports[2])
        let full = try CLI.run(["analyze", model, "--quiet", "--max-spectrum-side", "8", "--json", dir.file("full.json").path])
        #expect(full.status == 0, "\(full.stderr)")
        let a = AnalyzeCommandTests.tensors(try AnalyzeCommandTests.json(dir.file("full.json")))
        let b = AnalyzeCommandTests.tensors(try AnalyzeCommandTests.json(dir.file("scan-1.json")))
        #expect(a.count == 3 && Set(a.keys) == Set(b.keys))
        for (name, t) in a {
            for key in ["count", "nan_count", "inf_count"] { #expect(t[key] as? Int == b[name]?[key] as? Int, "\(name).\(key)") }
            for key in ["sparsity", "tail_3sigma_fraction"] { #expect(t[key] as? Double == b[name]?[key] as? Double, "\(name).\(key)") }
            // Both sum the same 300 300 doubles in different orders: |Δ| ≤ 4nε ≈ 2.7·10⁻¹⁰ relative
            // (Higham's γₙ bound), far above the ~10⁻¹⁵ seen and far below any formula error.
            for key in ["mean", "std", "skewness", "excess_kurtosis"] {
                let x = t[key] as? Double ?? .nan, y = b[name]?[key] as? Double ?? .nan
                #expect(abs(x - y) <= 1e-9 * max(1, abs(x)), "\(name).\(key): \(x) vs \(y)")
            }
        }
    }
}
