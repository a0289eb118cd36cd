import Foundation
import Testing

/// `weightlab analyze` on PyTorch checkpoints and PEFT adapters (fixtures of TensorIOTests, written
/// by torch and peft): aliases and LoRA r/α/s reach the report, a hostile pickle exits 2.
@Suite struct AnalyzeFormatsTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("TensorIOTests/Fixtures")
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("FuzzRegressionTests/Corpus/pytorch")

    static func json(_ url: URL) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
    }

    @Test func pytorchAliasesAreReportedAsSkipped() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let r = try CLI.run(["analyze", Self.fixtures.appendingPathComponent("pytorch/zip.pt").path, "--moments-only", "--quiet",
                             "--json", dir.file("a.json").path])
        #expect(r.status == 0, "\(r.stderr)")
        let skipped = try Self.json(dir.file("a.json"))["skipped"] as! [[String: Any]]
        let alias = skipped.first { ($0["name"] as? String) == "lm_head.weight" }
        #expect((alias?["reason"] as? String)?.contains("alias of 'embed.weight'") == true)
    }

    @Test func adapterReportsCarryRankAlphaAndScale() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let r = try CLI.run(["analyze", Self.fixtures.appendingPathComponent("peft/patterns").path, "--moments-only", "--quiet",
                             "--json", dir.file("a.json").path])
        #expect(r.status == 0, "\(r.stderr)")
        let tensors = try Self.json(dir.file("a.json"))["tensors"] as! [[String: Any]]
        let q = tensors.first { ($0["name"] as? String) == "model.layers.0.self_attn.q_proj.weight" }
        #expect((q?["notes"] as? [String])?.first?.contains("r = 2, α = 8.0, s = 4.0") == true)
        let f = try CLI.run(["analyze", Self.fixtures.appendingPathComponent("peft/plain").path, "--lora-factors", "--moments-only", "--quiet",
                             "--json", dir.file("f.json").path])
        #expect(f.status == 0, "\(f.stderr)")
        #expect((try Self.json(dir.file("f.json"))["tensors"] as! [[String: Any]]).count == 8)
    }

    @Test func hostilePickleExitsTwo() throws {
        let r = try CLI.run(["analyze", Self.corpus.appendingPathComponent("broken-global-os-system.pt").path, "--quiet"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("pickle refused: GLOBAL 'os.system'"), "\(r.stderr)")
    }
}
