import Foundation
import Testing
@testable import TensorIO

/// LoRA adapters saved by real peft (scripts/reference/make_format_fixtures.py): the ΔW WeightLab
/// computes from A, B and adapter_config.json equals peft's `merge_and_unload()` minus the base,
/// computed by torch in float64, to 1e-6 relative (Frobenius norm). Our ΔW is exact in double from
/// the f32 factors, so the only difference is float64 rounding, ~1e-15: the bound cannot fail
/// by chance.
@Suite struct PeftAdapterTests {
    static let fixtures = Bundle.module.resourceURL!.appendingPathComponent("Fixtures/peft")

    static func relativeError(_ a: [Double], _ b: [Double]) -> Double {
        let diff = zip(a, b).map { ($0 - $1) * ($0 - $1) }.reduce(0, +).squareRoot()
        return diff / max(b.map { $0 * $0 }.reduce(0, +).squareRoot(), .leastNormalMagnitude)
    }

    static func expectMatches(_ adapter: PeftAdapter, reference name: String = "reference.safetensors", variant: String) throws {
        let reference = try SafetensorsFile(url: fixtures.appendingPathComponent(variant).appendingPathComponent(name))
        #expect(Set(adapter.tensors.map(\.name)) == Set(reference.tensors.map(\.name)), "\(variant)")
        for info in reference.tensors {
            let ours = try #require(adapter.tensors.first { $0.name == info.name }, "\(variant): \(info.name)")
            #expect(ours.shape == info.shape, "\(variant): \(info.name)")
            let error = relativeError(try adapter.values(info.name, as: Double.self), try reference.values(info.name, as: Double.self))
            #expect(error < 1e-6, "\(variant): \(info.name): relative error \(error)")
        }
    }

    @Test(arguments: ["plain", "rslora", "patterns", "bin", "gpt2", "embedding"])
    func deltaEqualsPeftsMerge(variant: String) throws {
        let adapter = try PeftAdapter(url: Self.fixtures.appendingPathComponent(variant))
        try Self.expectMatches(adapter, variant: variant)
        #expect(adapter.skipped.isEmpty)
    }

    /// r, α and s per module follow rank_pattern / alpha_pattern with PEFT's first-match rule.
    @Test func patternsGivePerModuleRankAndAlpha() throws {
        let adapter = try PeftAdapter(url: Self.fixtures.appendingPathComponent("patterns"))
        let q0 = try #require(adapter.modules["model.layers.0.self_attn.q_proj.weight"])
        let v0 = try #require(adapter.modules["model.layers.0.self_attn.v_proj.weight"])
        let v1 = try #require(adapter.modules["model.layers.1.self_attn.v_proj.weight"])
        let d1 = try #require(adapter.modules["model.layers.1.mlp.down_proj.weight"])
        #expect(q0.r == 2 && q0.alpha == 8 && q0.scale == 4)
        #expect(v0.r == 4 && v0.alpha == 16 && v0.scale == 4)
        #expect(v1.r == 6 && v1.alpha == 16 && v1.scale == 16.0 / 6)
        #expect(d1.r == 4 && d1.alpha == 3 && d1.scale == 0.75)
        #expect(adapter.notes(for: "model.layers.1.mlp.down_proj.weight").first?.contains("r = 4, α = 3.0, s = 0.75") == true)
        let rs = try PeftAdapter(url: Self.fixtures.appendingPathComponent("rslora"))
        #expect(rs.modules.values.allSatisfy { $0.scale == 8.0 / 2 })
    }

    @Test func patternKeyFollowsPythonsRule() {
        #expect(PeftConfig.patternKey(["q_proj"], module: "model.layers.0.self_attn.q_proj") == "q_proj")
        #expect(PeftConfig.patternKey(["proj"], module: "model.layers.0.self_attn.q_proj") == nil)  // not a whole component
        #expect(PeftConfig.patternKey(["layers.1.self_attn.v_proj", "v_proj"], module: "model.layers.1.self_attn.v_proj") == "layers.1.self_attn.v_proj")
        #expect(PeftConfig.patternKey(["v_proj", "layers.1.self_attn.v_proj"], module: "model.layers.1.self_attn.v_proj") == "v_proj")
        #expect(PeftConfig.patternKey([#"layers\.[01]\.mlp\..*"#], module: "model.layers.1.mlp.down_proj") != nil)
    }

    /// DoRA without the base: the B·A part (peft's get_delta_weight), with a note.
    @Test func doraWithoutBaseIsTheLowRankPart() throws {
        let adapter = try PeftAdapter(url: Self.fixtures.appendingPathComponent("dora"))
        try Self.expectMatches(adapter, reference: "reference_ba.safetensors", variant: "dora")
        #expect(adapter.notes(for: "model.layers.0.self_attn.q_proj.weight").contains { $0.hasPrefix("DoRA") })
    }

    /// The embedding variant also stores the whole base embedding: listed, not analysed as ΔW.
    @Test func wholeModulesAreListedAsUnsupported() throws {
        let adapter = try PeftAdapter(url: Self.fixtures.appendingPathComponent("embedding"))
        #expect(adapter.unsupportedTensors.map(\.name) == ["base_model.model.model.embed_tokens.base_layer.weight"])
    }

    /// --lora-factors: A and B themselves, named under the base model's module.
    @Test func factorsAreTheStoredTensors() throws {
        let adapter = try PeftAdapter(url: Self.fixtures.appendingPathComponent("plain"), factors: true)
        let stored = try SafetensorsFile(url: Self.fixtures.appendingPathComponent("plain/adapter_model.safetensors"))
        #expect(adapter.tensors.count == 8)
        let a = try adapter.values("model.layers.1.self_attn.v_proj.lora_A.weight", as: Float.self)
        #expect(a.map(\.bitPattern) == (try stored.values("base_model.model.model.layers.1.self_attn.v_proj.lora_A.weight", as: Float.self)).map(\.bitPattern))
        let checkpoint = try Checkpoint(url: Self.fixtures.appendingPathComponent("plain"), loraFactors: true)
        #expect(checkpoint.entries.count == 8)
    }

    /// Checkpoint opens an adapter folder as its ΔW tensors, with the notes.
    @Test func checkpointOpensAdapterFolders() throws {
        let checkpoint = try Checkpoint(url: Self.fixtures.appendingPathComponent("gpt2"))
        #expect(checkpoint.entries.map(\.info.name).sorted() == ["transformer.h.0.attn.c_attn.weight", "transformer.h.1.attn.c_attn.weight"])
        #expect(checkpoint.notes(for: "transformer.h.0.attn.c_attn.weight").first?.contains("fan_in_fan_out") == true)
    }
}

/// DoRA with the base weights: the merged W′ − W₀ with the magnitude renormalisation, against
/// peft's merge_and_unload() − base in float64 (same 1e-6 bound as above).
@Suite struct PeftDoraBaseTests {
    @Test func doraWithBaseIsTheMergedDifference() throws {
        let dir = PeftAdapterTests.fixtures.appendingPathComponent("dora")
        let base = try Checkpoint(url: dir.appendingPathComponent("base.safetensors"))
        let adapter = try PeftAdapter(url: dir, base: base)
        try PeftAdapterTests.expectMatches(adapter, variant: "dora")
        #expect(adapter.notes(for: "model.layers.1.self_attn.v_proj.weight").contains { $0.contains("renormalisation applied") })
    }
}

/// config.json conventions: a layer count that disagrees with the names, a tied lm_head.
@Suite struct CheckpointConventionTests {
    @Test func configDisagreementsAreNoted() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let model = PyTorchFileTests.fixtures.appendingPathComponent("model.safetensors")
        try FileManager.default.copyItem(at: model, to: dir.file("model.safetensors"))
        try Data(#"{"num_hidden_layers": 3, "tie_word_embeddings": true}"#.utf8).write(to: dir.file("config.json"))
        let notes = try Checkpoint(url: dir.url).notes
        #expect(notes.count == 2)
        #expect(notes.first?.contains("num_hidden_layers = 3, but the tensor names carry 2 layer indices") == true)
        #expect(notes.last?.contains("tie_word_embeddings is true") == true)
        try Data(#"{"text_config": {"n_layer": 2}, "tie_word_embeddings": false, "x": 1}"#.utf8).write(to: dir.file("config.json"))
        #expect(try Checkpoint(url: dir.url).notes == ["lm_head.weight is absent although config.json says tie_word_embeddings is false"])
        #expect(Checkpoint.layerIndex("transformer.h.11.attn.c_attn.weight") == 11 && Checkpoint.layerIndex("lm_head.weight") == nil)
    }
}
