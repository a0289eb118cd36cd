import Foundation
import GSLKit
import Sampling
import Testing
@testable import Simulation

/// The hand-written backward pass against central finite differences of the float32 loss, on
/// every parameter kind, in two configurations (the fixture's untied grouped-query model and a
/// tied multi-head one). Each check takes the tensor's largest-|g| coordinate and two seeded
/// random ones. The bound: the float32 loss carries a rounding error of ~10⁻⁶, which h = 4·10⁻³
/// turns into ~2·10⁻⁴ on the quotient; the truncation error is O(h²) ≈ 10⁻⁵·|f‴|. So
/// |numeric − analytic| ≤ 10⁻²·|analytic| + 10⁻³ separates rounding from a wrong formula (which is
/// off by O(|g|)); the check is deterministic (no false-failure probability).
@Suite struct LlamaGradientTests {
    static func tiedModel() throws -> (LlamaModel, [Int32]) {
        let config = try LlamaConfig(hiddenSize: 16, layers: 2, heads: 2, intermediateSize: 24, vocabularySize: 20,
                                     contextLength: 8, ropeTheta: 100, tiedEmbeddings: true)
        var p = LlamaParameters(config: config)
        let init_ = try LlamaInitializer(matrices: .normal(std: 0.3), byModule: ["input_layernorm": .uniform(lower: 0.8, upper: 1.2),
                                                                                 "post_attention_layernorm": .uniform(lower: 0.8, upper: 1.2),
                                                                                 "norm": .uniform(lower: 0.8, upper: 1.2), "embed_tokens": .normal(std: 1)])
        init_.initialize(&p, seeds: SeedTree(root: 5))
        let engine = RandomEngine(seed: 9)
        let tokens = (0..<(3 * 8)).map { _ in Int32(engine.uniformInt(20)) }
        return (try LlamaModel(config: config, parameters: p, threads: 2), tokens)
    }

    func check(_ model: LlamaModel, tokens: [Int32], batch: Int) throws {
        let (_, gradient) = try model.lossAndGradient(tokens: tokens, batch: batch)
        let engine = RandomEngine(seed: 21)
        let h: Float = 4e-3
        for e in model.parameters.entries {
            let slice = gradient[e.offset..<(e.offset + e.count)]
            let largest = slice.indices.max { abs(slice[$0]) < abs(slice[$1]) }!
            let picks = [largest, e.offset + Int(engine.uniformInt(UInt(e.count))), e.offset + Int(engine.uniformInt(UInt(e.count)))]
            for i in picks {
                var plus = model, minus = model
                plus.parameters.values[i] += h
                minus.parameters.values[i] -= h
                let step = Double(plus.parameters.values[i] - minus.parameters.values[i])
                let numeric = (try plus.loss(tokens: tokens, batch: batch) - (try minus.loss(tokens: tokens, batch: batch))) / step
                let analytic = Double(gradient[i])
                #expect(abs(numeric - analytic) <= 1e-2 * abs(analytic) + 1e-3,
                        "\(e.name)[\(i - e.offset)]: numeric \(numeric), analytic \(analytic)")
            }
        }
    }

    @Test func untiedGroupedQueryModel() throws {
        let r = try LlamaReferenceTests.load()
        try check(r.model, tokens: r.tokens, batch: 3)
    }

    @Test func tiedMultiHeadModel() throws {
        let (model, tokens) = try Self.tiedModel()
        try check(model, tokens: tokens, batch: 3)
    }

    /// Gradients do not depend on the thread count (bit for bit).
    @Test func threadCountDoesNotChangeGradients() throws {
        var (model, tokens) = try Self.tiedModel()
        model.threads = 1
        let one = try model.lossAndGradient(tokens: tokens, batch: 3)
        model.threads = 3
        let three = try model.lossAndGradient(tokens: tokens, batch: 3)
        #expect(one.loss == three.loss)
        #expect(one.gradient == three.gradient)
    }
}
