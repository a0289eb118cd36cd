import Foundation
import Testing

/// `weightlab inspect` and GGUF input to `weightlab analyze`, on the gguf-py fixtures of
/// Tests/TensorIOTests/Fixtures/gguf (scripts/reference/make_gguf_fixtures.py).
@Suite struct InspectCommandTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("TensorIOTests/Fixtures/gguf")

    static func object(_ text: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// The listing matches what gguf-py's reader says of the same file (types.json): every
    /// tensor's type, row-major shape and data bytes, plus depth and module from the name.
    @Test func ggufListingAgreesWithGGUFPy() throws {
        let r = try CLI.run(["inspect", Self.fixtures.appendingPathComponent("types.gguf").path, "--json", "-"])
        #expect(r.status == 0, "\(r.stderr)")
        let listing = try Self.object(r.stdout)
        let tensors = try #require(listing["tensors"] as? [[String: Any]])
        let reference = try Self.object(String(decoding: Data(contentsOf: Self.fixtures.appendingPathComponent("types.json")), as: UTF8.self))
        let expected = try #require(reference["tensors"] as? [String: [String: Any]])
        #expect(tensors.count == expected.count)
        for t in tensors {
            let name = try #require(t["name"] as? String)
            let want = try #require(expected[name], "\(name)")
            #expect(t["format"] as? String == "gguf")
            #expect(t["dtype"] as? String == want["type"] as? String, "\(name)")
            #expect(t["shape"] as? [Int] == want["shape"] as? [Int], "\(name)")
            #expect(t["bytes"] as? Int == want["bytes"] as? Int, "\(name)")
            #expect(t["decoded"] as? Bool == !["IQ4_NL", "I32"].contains(want["type"] as? String ?? ""), "\(name)")
        }
        let files = try #require(listing["files"] as? [[String: Any]])
        let metadata = try #require(files.first?["metadata"] as? [String: Any])
        #expect(metadata["test.string"] as? String == "grüße ✓")
        #expect(metadata["test.i32"] as? Int == -2_000_000_000)
        let nested = try #require(metadata["test.nested"] as? [String: Any])
        #expect(nested["count"] as? Int == 2 && nested["type"] as? String == "array")
    }

    @Test func tableShowsDepthModuleAndMetadata() throws {
        let r = try CLI.run(["inspect", Self.fixtures.appendingPathComponent("split-00002-of-00002.gguf").path])
        #expect(r.status == 0, "\(r.stderr)")
        let line = try #require(r.stdout.split(separator: "\n").first { $0.hasPrefix("blk.1.ffn_up.weight") })
        let cells = line.split(separator: " ").map(String.init)
        #expect(cells == ["blk.1.ffn_up.weight", "gguf", "Q8_0", "2x32", "68", "1", "up"])
        #expect(r.stdout.contains("3 tensors, 204 bytes of tensor data in 2 files"))
        #expect(r.stdout.contains("metadata of split-00001-of-00002.gguf"))
        #expect(r.stdout.contains("split.count = 2"))
    }

    @Test func brokenFileIsBadInput() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        var bytes = try Data(contentsOf: Self.fixtures.appendingPathComponent("types.gguf"))
        bytes.replaceSubrange(8..<16, with: Data(repeating: 0xFF, count: 8))  // tensor count 2^64 − 1
        try bytes.write(to: dir.file("bad.gguf"))
        let r = try CLI.run(["inspect", dir.file("bad.gguf").path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("bad.gguf") && r.stderr.contains("at byte 8") && r.stderr.contains("tensor count"), "\(r.stderr)")
    }

    /// `analyze model.gguf --base model.safetensors` analyses the quantisation error: count, mean
    /// and std of ΔW = dequantize(Q8_0) − base equal numpy's (float64 on the same f32 values;
    /// the f32 subtraction is exact for values this close, so only summation order differs:
    /// relative 1e-9 is far above its ~1e-13 effect, no false failures).
    @Test func analyzeGGUFAgainstSafetensorsBase() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let r = try CLI.run(["analyze", Self.fixtures.appendingPathComponent("quant-error.gguf").path,
                             "--base", Self.fixtures.appendingPathComponent("quant-error-base.safetensors").path,
                             "--moments-only", "--json", dir.file("q.json").path, "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        let report = try Self.object(String(decoding: Data(contentsOf: dir.file("q.json")), as: UTF8.self))
        let tensor = try #require((report["tensors"] as? [[String: Any]])?.first)
        let want = try Self.object(String(decoding: Data(contentsOf: Self.fixtures.appendingPathComponent("quant-error.json")), as: UTF8.self))
        #expect(tensor["name"] as? String == want["name"] as? String)
        #expect(tensor["dtype"] as? String == "Q8_0")
        #expect(tensor["count"] as? Int == want["count"] as? Int)
        for key in ["mean", "std"] {
            let ours = try #require(tensor[key] as? Double), theirs = try #require(want[key] as? Double)
            #expect(abs(ours - theirs) <= 1e-9 * abs(theirs), "\(key): \(ours) vs \(theirs)")
        }
    }
}
