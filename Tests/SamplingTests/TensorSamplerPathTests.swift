import Distributions
import Foundation
import GSLKit
import Testing
@testable import Sampling

/// The paths `weightlab sample` takes through the sampler: f32 and f64 give the same values,
/// blocks are the laws' own bulk samplers, and grouped mixtures share one scale per group.
@Suite struct TensorSamplerPathTests {
    /// Every sampling regime: each truncated-Gaussian sampler, W* with and without atoms, a
    /// uniform outlier law, grouped and element-wise mixtures.
    static let specs = [
        "gaussian(sigma=0.02, mean=0.1)", "laplace(scale=0.5)", "gennorm(beta=1.5, scale=1)", "studentt(nu=5, scale=0.5)",
        "truncated(sigma=1, c=2)", "truncated(sigma=1, a=-0.2, b=0.3)", "truncated(sigma=1, a=3, b=inf)", "truncated(sigma=1, a=4, b=4.2)",
        "wstar(sigma=0.02, c=2.5)", "wstar(sigma=0.02, c=2.5, sparsity=0.5, outliers=0.001, outlier_scale=8)",
        "wstar(sigma=1, c=2, sparsity=0.2, outliers=0.02, outlier_law=uniform(3, 5))", "wstar(sigma=1, c=2, sparsity=0.25)",
        "mixture(scale=lognormal(0, 0.5))", "mixture(scale=twopoint(0.5, 2, 0.3), by=row)",
        "mixture(scale=uniform(0.5, 2), by=column)", "mixture(scale=gamma(2, 0.5), by=block, block=16x8)",
        "weibull(k=1.2, lambda=0.9)",
    ]

    /// f32 output is the f64 output rounded to f32, bit for bit, for every law and for generators
    /// with 32-bit (taus2), 24-bit (ranlxs0) and non-power-of-two (mrg) raw outputs.
    @Test(arguments: specs, [Generator.taus2, .ranlxs0, .mrg])
    func floatOutputIsTheDoubleOutputRounded(spec: String, generator: Generator) throws {
        let law = try parseLaw(spec)
        let sampler = TensorSampler(generator: generator, threads: 2)
        let seeds = SeedTree(root: 17).child("weight")
        let shape = [160, 1000]  // 3 blocks, the last partial
        let f = sampler.sample(Float.self, shape: shape, law: law, seeds: seeds)
        let d = sampler.sample(Double.self, shape: shape, law: law, seeds: seeds)
        let mismatches = zip(f, d).enumerated().filter { $0.element.0.bitPattern != Float($0.element.1).bitPattern }
        #expect(mismatches.isEmpty, "\(spec), \(generator): \(mismatches.count) mismatches, first \(mismatches.prefix(3))")
    }

    /// Block b of a tensor is exactly the law's bulk sampler run on an engine seeded from
    /// seeds/"block"/b.
    @Test(arguments: specs.filter { !$0.contains("by=") })
    func blocksAreTheLawsBulkSampler(spec: String) throws {
        let law = try parseLaw(spec)
        let sampler = TensorSampler(threads: 2)
        let seeds = SeedTree(root: 3).child("layers.1.weight")
        let n = 2 * sampler.blockSize + 1234
        let x = sampler.sample(Float.self, shape: [n], law: law, seeds: seeds)
        for b in 0..<3 {
            let start = b * sampler.blockSize, count = min(sampler.blockSize, n - start)
            var block = [Float](repeating: .nan, count: count)
            block.withUnsafeMutableBufferPointer { law.fill($0, using: seeds.child("block").child(b).engine()) }
            #expect(Array(x[start..<(start + count)]).map(\.bitPattern) == block.map(\.bitPattern), "\(spec), block \(b)")
        }
    }

    /// Grouped mixtures: dividing each value by its group's scale leaves exactly the N(0, 1) draws
    /// (mean, variance, skewness and excess kurtosis within 6 SEs of 0, 1, 0, 0 with the normal
    /// SEs √(1/n), √(2/n), √(6/n), √(24/n): false failure ≈ 2·10⁻⁹ each); a wrong grouping would
    /// leave a scale mixture with excess kurtosis ≫ 6 SEs. The group scales follow the scale law:
    /// mean of S² within 6 SEs of E[S²] (SE from E[S⁴]).
    @Test(arguments: ["mixture(scale=twopoint(0.5, 2, 0.3), by=column)", "mixture(scale=uniform(0.5, 2), by=column)",
                      "mixture(scale=gamma(2, 0.5), by=block, block=16x8)", "mixture(scale=lognormal(0, 0.5), by=block, block=7x33)",
                      "mixture(scale=lognormal(0, 0.5), by=row)"])
    func groupsShareTheirScale(spec: String) throws {
        let law = try #require(try parseLaw(spec) as? ScaleMixture)
        let shape = [640, 700]
        let seeds = SeedTree(root: 23).child("weight")
        let sampler = TensorSampler(threads: 2)
        let x = sampler.sample(Float.self, shape: shape, law: law, seeds: seeds)
        let groups = try #require(GroupScales(law: law, shape: shape, seeds: seeds.child("scales"), generator: sampler.generator))
        let g = x.indices.map { Double(x[$0]) / groups.scales[groups.group(of: $0)] }
        let n = Double(g.count)
        let mean = g.reduce(0, +) / n
        var m2 = 0.0, m3 = 0.0, m4 = 0.0
        for v in g { let d = v - mean; m2 += d * d; m3 += d * d * d; m4 += d * d * d * d }
        m2 /= n; m3 /= n; m4 /= n
        #expect(abs(mean) <= 6 * (1 / n).squareRoot(), "\(spec): mean \(mean)")
        #expect(abs(m2 - 1) <= 6 * (2 / n).squareRoot(), "\(spec): variance \(m2)")
        #expect(abs(m3 / pow(m2, 1.5)) <= 6 * (6 / n).squareRoot(), "\(spec): skewness")
        #expect(abs(m4 / (m2 * m2) - 3) <= 6 * (24 / n).squareRoot(), "\(spec): excess kurtosis \(m4 / (m2 * m2) - 3)")
        let s2 = groups.scales.map { $0 * $0 / (law.sigma * law.sigma) }
        let e2 = law.scale.rawMoment(2), e4 = law.scale.rawMoment(4)
        let se = ((e4 - e2 * e2) / Double(s2.count)).squareRoot()
        #expect(abs(s2.reduce(0, +) / Double(s2.count) - e2) <= 6 * se, "\(spec): mean S² over \(s2.count) groups")
    }
}
