import Foundation
import Sampling
import Testing
import TensorIO
@testable import Simulation

/// Checkpoints in Hugging Face's layout. With WEIGHTLAB_LLAMA_EXPORT=DIR set, the round-trip test
/// also leaves a checkpoint and a probe (tokens, logits) in DIR for
/// `python3 scripts/reference/llama_fixtures.py --check DIR` (transformers' from_pretrained).
@Suite struct LlamaCheckpointTests {
    static func temporaryFolder() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("weightlab-llama-\(UUID().uuidString)")
    }

    @Test func writeThenReadGivesTheSameParametersAndConfig() throws {
        let (model, tokens) = try LlamaGradientTests.tiedModel()
        let folder = ProcessInfo.processInfo.environment["WEIGHTLAB_LLAMA_EXPORT"].map { URL(fileURLWithPath: $0) } ?? Self.temporaryFolder()
        try LlamaCheckpoint.write(model.parameters, to: folder, metadata: ["seed": "5"])
        let back = try LlamaCheckpoint.read(folder)
        #expect(back.config == model.config)
        #expect(back.values == model.parameters.values)
        let file = try SafetensorsFile(url: folder.appendingPathComponent("model.safetensors"))
        #expect(file.info("lm_head.weight") == nil, "a tied head is not stored twice")
        #expect(file.info("model.layers.1.mlp.down_proj.weight")?.shape == [16, 24])
        let logits = try model.logits(tokens: tokens, batch: 3)
        let probe = [TensorInfo(name: "tokens", dtype: .f32, shape: [3, 8]), TensorInfo(name: "logits", dtype: .f32, shape: [3, 8, 20])]
        let writer = try SafetensorsWriter(url: folder.appendingPathComponent("probe.safetensors"), entries: probe, metadata: [:], overwrite: true)
        try tokens.map(Float.init).withUnsafeBufferPointer { try writer.write($0) }
        try logits.withUnsafeBufferPointer { try writer.write($0) }
        try writer.finish()
        if ProcessInfo.processInfo.environment["WEIGHTLAB_LLAMA_EXPORT"] == nil { try? FileManager.default.removeItem(at: folder) }
    }

    @Test func nonFiniteWeightsAreNeverWritten() throws {
        var (model, _) = try LlamaGradientTests.tiedModel()
        let e = model.parameters.entry("model.layers.0.self_attn.v_proj.weight")!
        model.parameters.values[e.offset + 7] = .nan
        let folder = Self.temporaryFolder()
        #expect(throws: SimulationError.self) { try LlamaCheckpoint.write(model.parameters, to: folder) }
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("model.safetensors").path))
        do { try LlamaCheckpoint.write(model.parameters, to: folder) } catch {
            #expect(error.description.contains("v_proj") && error.description.contains("element 7"))
        }
        try? FileManager.default.removeItem(at: folder)
    }

    @Test func badConfigurationsAreClearErrors() {
        #expect(throws: SimulationError.self) { try LlamaConfig(hiddenSize: 30, layers: 1, heads: 4, intermediateSize: 8, vocabularySize: 8, contextLength: 4) }
        #expect(throws: SimulationError.self) { try LlamaConfig(hiddenSize: 32, layers: 1, heads: 4, kvHeads: 3, intermediateSize: 8, vocabularySize: 8, contextLength: 4) }
        #expect(throws: SimulationError.self) { try LlamaConfig(hiddenSize: 12, layers: 1, heads: 4, intermediateSize: 8, vocabularySize: 8, contextLength: 4) }
        do {
            _ = try LlamaConfig(hiddenSize: 30, layers: 1, heads: 4, intermediateSize: 8, vocabularySize: 8, contextLength: 4)
        } catch {
            #expect(error.description.contains("num_attention_heads (4) must divide hidden_size (30)"))
        }
        #expect(throws: SimulationError.self) { try InitScheme.parse("glorot(gain=1)") }
        #expect(throws: SimulationError.self) { try InitScheme.parse("normal(sigma=1)") }
    }
}
