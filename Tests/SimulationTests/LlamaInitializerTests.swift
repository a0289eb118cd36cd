import Distributions
import Foundation
import Sampling
import Testing
@testable import Simulation

/// torch.nn.init's definitions, checked by their moments and exact properties on a 256 × 128
/// (out × in) tensor: n = 32768 draws. The sample std of a law with Pearson kurtosis κ has
/// standard error σ·√((κ − 1)/(4n)); the bound is 5 standard errors (two-sided false-failure
/// probability 6·10⁻⁷ per check, normal approximation).
@Suite struct LlamaInitializerTests {
    static let rows = 256, columns = 128

    func draw(_ scheme: InitScheme, seed: UInt64 = 1) -> [Float] {
        var values = [Float](repeating: 0, count: Self.rows * Self.columns)
        values.withUnsafeMutableBufferPointer { b in
            LlamaInitializer.fill(b, rows: Self.rows, columns: Self.columns, scheme: scheme, seeds: SeedTree(root: seed))
        }
        return values
    }

    func expectStd(_ values: [Float], _ sigma: Double, kurtosis: Double, _ label: String) {
        let s = WeightStatistics(name: label, values: values[...])
        let se = sigma * ((kurtosis - 1) / (4 * Double(values.count))).squareRoot()
        #expect(abs(s.std - sigma) <= 5 * se, "\(label): std \(s.std), expected \(sigma) ± \(5 * se)")
        #expect(abs(s.mean) <= 5 * sigma / Double(values.count).squareRoot(), "\(label): mean \(s.mean)")
    }

    @Test func uniformFamiliesHaveTorchBounds() {
        let fanIn = Double(Self.columns), fanOut = Double(Self.rows)
        let cases: [(InitScheme, Double)] = [
            (.kaimingUniform(a: 5.0.squareRoot()), 1 / fanIn.squareRoot()),                 // nn.Linear: U(±1/√fan_in)
            (.kaimingUniform(a: 0), (6 / fanIn).squareRoot()),
            (.xavierUniform(gain: 2), 2 * (6 / (fanIn + fanOut)).squareRoot()),
            (.uniform(lower: -0.3, upper: 0.3), 0.3),
        ]
        for (scheme, bound) in cases {
            let v = draw(scheme)
            #expect(v.allSatisfy { abs(Double($0)) <= bound }, "\(scheme): a value beyond ±\(bound)")
            expectStd(v, bound / 3.0.squareRoot(), kurtosis: 1.8, "\(scheme)")
        }
    }

    @Test func normalFamiliesHaveTorchStd() {
        let fanIn = Double(Self.columns), fanOut = Double(Self.rows)
        expectStd(draw(.normal(std: 0.02)), 0.02, kurtosis: 3, "normal")
        expectStd(draw(.kaimingNormal(a: 0)), (2 / fanIn).squareRoot(), kurtosis: 3, "kaiming_normal")
        expectStd(draw(.xavierNormal(gain: 1)), (2 / (fanIn + fanOut)).squareRoot(), kurtosis: 3, "xavier_normal")
    }

    /// trunc_normal_'s bounds are absolute: with std 1 and a, b = ±2 the law is N(0,1) cut at ±2σ
    /// (std √(1 − 4φ(2)/Z) ≈ 0.8796, κ ≈ 2.37); with std 0.02 the same bounds cut nothing.
    @Test func truncatedNormalBoundsAreAbsolute() throws {
        let cut = draw(.truncatedNormal(std: 1, lower: -2, upper: 2))
        #expect(cut.allSatisfy { abs($0) <= 2 })
        let law = try TruncatedGaussian(mean: 0, sigma: 1, lower: -2, upper: 2)
        expectStd(cut, law.moments.std, kurtosis: 3, "trunc_normal(1, ±2)")
        let wide = draw(.truncatedNormal(std: 0.02, lower: -2, upper: 2))
        expectStd(wide, 0.02, kurtosis: 3, "trunc_normal(0.02, ±2)")
    }

    /// Orthogonal: the shorter side is orthonormal to float32 rounding (10⁻⁵ on inner products of
    /// 256-term unit vectors), in both orientations, scaled by the gain.
    @Test(arguments: [256, 128]) func orthogonalIsOrthonormal(rows: Int) {
        let columns = 384 - rows
        var w = [Float](repeating: 0, count: rows * columns)
        w.withUnsafeMutableBufferPointer { LlamaInitializer.fill($0, rows: rows, columns: columns, scheme: .orthogonal(gain: 2), seeds: SeedTree(root: 3)) }
        let short = min(rows, columns), long = max(rows, columns)
        func at(_ i: Int, _ k: Int) -> Double { Double(rows <= columns ? w[i * columns + k] : w[k * columns + i]) }
        var worst = 0.0
        for i in stride(from: 0, to: short, by: 7) {
            for j in stride(from: i, to: short, by: 11) {
                var dot = 0.0
                for k in 0..<long { dot += at(i, k) * at(j, k) }
                worst = max(worst, abs(dot / 4 - (i == j ? 1 : 0)))
            }
        }
        #expect(worst <= 1e-5, "largest deviation from orthonormality \(worst)")
    }

    @Test func sparseZeroesTheSameCountInEveryColumn() {
        let w = draw(.sparse(sparsity: 0.3, std: 0.01))
        let zeros = Int((0.3 * Double(Self.rows)).rounded(.up))
        for j in 0..<Self.columns {
            let z = (0..<Self.rows).filter { w[$0 * Self.columns + j] == 0 }.count
            #expect(z == zeros, "column \(j): \(z) zeros")
        }
    }

    /// A law goes through TensorSampler with the tensor's own stream: the same values as sampling it directly.
    @Test func lawsUseTheSampler() throws {
        let law = try ParsedLaw("wstar(sigma=0.02, c=2.5, sparsity=0.5, outliers=0.001, outlier_scale=8)")
        let seeds = SeedTree(root: 11)
        let direct = TensorSampler().sample(Float.self, shape: [Self.rows, Self.columns], law: law.distribution, seeds: seeds)
        #expect(draw(.law(law), seed: 11) == direct)
        #expect(try InitScheme.parse("wstar(sigma=0.02, c=2.5, sparsity=0.5)").description.hasPrefix("law("))
        #expect(try InitScheme.parse("kaiming_uniform").description == InitScheme.torchLinear.description)
    }

    /// Per-module schemes: norms default to 1, overrides by module kind, streams per tensor name.
    @Test func modulesGetTheirSchemes() throws {
        let config = try LlamaConfig(hiddenSize: 16, layers: 2, heads: 2, intermediateSize: 24, vocabularySize: 20, contextLength: 8)
        var p = LlamaParameters(config: config)
        try LlamaInitializer(matrices: .normal(std: 0.02), byModule: ["down_proj": .constant(0.5)]).initialize(&p, seeds: SeedTree(root: 2))
        #expect(p.tensor("model.layers.1.input_layernorm.weight")! == [Float](repeating: 1, count: 16))
        #expect(p.tensor("model.layers.0.mlp.down_proj.weight")!.allSatisfy { $0 == 0.5 })
        #expect(p.tensor("model.layers.0.self_attn.q_proj.weight") != p.tensor("model.layers.1.self_attn.q_proj.weight"))
        var q = LlamaParameters(config: config)
        try LlamaInitializer(matrices: .normal(std: 0.02)).initialize(&q, seeds: SeedTree(root: 2))
        #expect(p.tensor("model.layers.0.self_attn.q_proj.weight") == q.tensor("model.layers.0.self_attn.q_proj.weight"))
        #expect(throws: SimulationError.self) { try LlamaInitializer(byModule: ["attention": .normal(std: 1)]) }
    }
}
