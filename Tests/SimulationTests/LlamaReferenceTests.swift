import Foundation
import Testing
import TensorIO
@testable import Simulation

/// Agreement with transformers' LlamaForCausalLM and torch.optim.AdamW on the fixtures written by
/// scripts/reference/llama_fixtures.py (d = 32, 2 layers, 4 heads over 2 key/value heads, 3 × 16 tokens).
/// The comparisons are deterministic (no sampling), so there is no false-failure probability: the
/// bounds are float32 rounding (≈ 10⁻⁷ per operation, summed over ≤ 64-term dot products) with a
/// hundredfold margin.
@Suite struct LlamaReferenceTests {
    static let folder = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent("llama")

    struct Reference {
        let model: LlamaModel
        let tokens: [Int32]
        let batch: SafetensorsFile
    }

    static func load(threads: Int = 2) throws -> Reference {
        let data = try Data(contentsOf: folder.appendingPathComponent("config.json"))
        let config = try LlamaConfig(huggingFaceJSON: data, file: "config.json")
        let parameters = try LlamaCheckpoint.read(weights: folder.appendingPathComponent("weights.safetensors"), config: config)
        let batch = try SafetensorsFile(url: folder.appendingPathComponent("batch.safetensors"))
        let tokens = try batch.values("tokens", as: Float.self).map { Int32($0) }
        return Reference(model: try LlamaModel(config: config, parameters: parameters, threads: threads), tokens: tokens, batch: batch)
    }

    /// max over a tensor of |a − b|, and max |b|.
    static func deviation(_ a: ArraySlice<Float>, _ b: [Float]) -> (error: Float, scale: Float) {
        var e: Float = 0, s: Float = 0
        for (x, y) in zip(a, b) { e = max(e, abs(x - y)); s = max(s, abs(y)) }
        return (e, s)
    }

    @Test func configDecodesAsWritten() throws {
        let r = try Self.load()
        let c = r.model.config
        #expect(c.hiddenSize == 32 && c.layers == 2 && c.heads == 4 && c.kvHeads == 2 && c.intermediateSize == 64)
        #expect(c.vocabularySize == 64 && c.contextLength == 16 && c.ropeTheta == 10_000 && !c.tiedEmbeddings)
        #expect(r.tokens.count == 48)
    }

    /// Logits to 1e-4, absolute or relative to the largest logit.
    @Test(arguments: [1, 2]) func logitsMatchTransformers(threads: Int) throws {
        let r = try Self.load(threads: threads)
        let ours = try r.model.logits(tokens: r.tokens, batch: 3)
        let (error, scale) = Self.deviation(ours[...], try r.batch.values("logits", as: Float.self))
        #expect(error <= 1e-4 * max(1, scale), "max |Δlogit| = \(error)")
    }

    /// Loss to 1e-5 relative; every parameter's gradient to 1e-5 relative to the tensor's largest entry.
    @Test func lossAndGradientsMatchTorch() throws {
        let r = try Self.load()
        let (loss, gradient) = try r.model.lossAndGradient(tokens: r.tokens, batch: 3)
        let reference = Double(try r.batch.values("loss", as: Float.self)[0])
        #expect(abs(loss - reference) <= 1e-5 * reference, "loss \(loss) vs \(reference)")
        let file = try SafetensorsFile(url: Self.folder.appendingPathComponent("gradients.safetensors"))
        for e in r.model.parameters.entries {
            let (error, scale) = Self.deviation(gradient[e.offset..<(e.offset + e.count)], try file.values(e.name, as: Float.self))
            #expect(scale > 0, "\(e.name): the reference gradient is zero")
            #expect(error <= 1e-5 * scale, "\(e.name): max |Δg| = \(error), max |g| = \(scale)")
        }
    }

    /// One AdamW step (with and without clipping to half the gradient norm) from our own gradients,
    /// against torch.optim.AdamW: every updated weight to 1e-5 relative to the tensor's largest weight.
    @Test(arguments: ["adamw", "clipped"]) func adamWStepMatchesTorch(fixture: String) throws {
        let r = try Self.load()
        var (_, gradient) = try r.model.lossAndGradient(tokens: r.tokens, batch: 3)
        let h = try r.batch.values("adamw", as: Float.self).map(Double.init)
        if fixture == "clipped" {
            let norm = LlamaOptimizer.clip(&gradient, maxNorm: Double(try r.batch.values("clip_max_norm", as: Float.self)[0]))
            #expect(norm > 0)
        }
        var optimizer = try LlamaOptimizer(.adamW(learningRate: h[0], beta1: h[1], beta2: h[2], epsilon: h[3], weightDecay: h[4]),
                                           count: gradient.count)
        var values = r.model.parameters.values
        optimizer.step(&values, gradient: gradient)
        let file = try SafetensorsFile(url: Self.folder.appendingPathComponent("\(fixture).safetensors"))
        for e in r.model.parameters.entries {
            let (error, scale) = Self.deviation(values[e.offset..<(e.offset + e.count)], try file.values(e.name, as: Float.self))
            #expect(error <= 1e-5 * scale, "\(e.name): max |Δθ| = \(error), max |θ| = \(scale)")
        }
    }
}
