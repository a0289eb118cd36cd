import Distributions
import Sampling
import Testing
@testable import Simulation

@Suite struct PresetAndDriftTests {
    @Test func presetsHaveTheRealShapes() {
        let llama = ModelPreset.llama7B.layers()
        #expect(llama.count == 32 * 7)
        #expect(llama.first { $0.name == "model.layers.0.mlp.down_proj.weight" }?.shape == [4096, 11008])
        let bert = ModelPreset.bertBase.layers(width: 0.25)
        #expect(bert.count == 12 * 6)
        #expect(bert.first { $0.module == "up" }?.shape == [768, 192])
        #expect(ModelPreset.vitB16.layers().first?.module == "embedding")
        #expect(ModelPreset.miniLM.layers(layers: 2).map(\.depth).max() == 1)
    }

    @Test func schedulesInterpolate() throws {
        let pw = DepthSchedule.piecewise(knots: [0, 0.5, 1], values: [1, 3, 2])
        try pw.validate(layers: 5, positive: true)
        #expect((0..<5).map { pw.value(depth: $0, layers: 5) } == [1, 2, 3, 2.5, 2])
        #expect(DepthSchedule.exponential(from: 1, to: 4).value(depth: 1, layers: 3) == 2)
        #expect(DepthSchedule.power(from: 0, to: 1, exponent: 2).value(depth: 1, layers: 3) == 0.25)
        #expect(throws: SimulationError.self) { try DepthSchedule.piecewise(knots: [0, 0.7, 0.5, 1], values: [1, 1, 1, 1]).validate(layers: 4, positive: true) }
        #expect(throws: SimulationError.self) { try DepthSchedule.piecewise(knots: [0, 1], values: [1]).validate(layers: 4, positive: true) }
    }

    /// With scaling s(l) and module multipliers, each fine-tuned matrix has variance
    /// s²σ0²m² + σΔ²m²; checked per matrix within 6 SEs of a sample variance (SE ≈ σ²√(2/n)).
    @Test func scalingAndMultipliersSetTheVariance() throws {
        let unit = try ParsedLaw.gaussian(sigma: 1)
        let drift = try AdditiveDrift(model: ModelPreset.miniLM.layers(width: 0.25, layers: 3), pretrained: unit, sigma0: .constant(0.02),
                                      delta: unit, sigmaDelta: .linear(from: 0.001, to: 0.01), scale: .linear(from: 1, to: 0.5),
                                      moduleMultipliers: ["q": 2])
        for k in drift.matrices.indices {
            let layer = drift.layer(k, seeds: SeedTree(root: 4), sampler: TensorSampler(threads: 2))
            let n = Double(layer.fineTuned.count)
            let v = layer.fineTuned.reduce(0.0) { $0 + Double($1) * Double($1) } / n
            let expected = layer.scale * layer.scale * layer.sigma0 * layer.sigma0 + layer.sigmaDelta * layer.sigmaDelta
            #expect(abs(v / expected - 1) <= 6 * (2 / n).squareRoot(), "\(layer.name): \(v) vs \(expected)")
            if drift.matrices[k].module == "q" { #expect(abs(layer.sigma0 - 0.04) < 1e-12) }
        }
    }
}
