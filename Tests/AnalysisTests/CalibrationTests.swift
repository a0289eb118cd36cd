import Distributions
import Foundation
import GSLKit
import TensorIO
import Testing
@testable import Analysis

/// Monte Carlo checks of the tests' size and power, the spectrum, the Weibull protocol and the
/// W* fit, all from fixed seeds.
@Suite struct CalibrationTests {
    /// The [lo, hi] counts of Bin(r, p) outside which each tail has probability ≤ tail.
    static func binomialBand(r: Int, p: Double, tail: Double) -> ClosedRange<Int> {
        var lo = 0
        while SpecialFunctions.binomialCDF(UInt32(lo), p: p, n: UInt32(r)) <= tail { lo += 1 }
        var hi = r
        while hi > 0, 1 - SpecialFunctions.binomialCDF(UInt32(hi - 1), p: p, n: UInt32(r)) <= tail { hi -= 1 }
        return lo...hi
    }

    func normality(_ x: [Double]) throws -> NormalityTests {
        let m = try x.withUnsafeBufferPointer { try MomentSummary.of($0) }
        let s = x.sorted()
        return try s.withUnsafeBufferPointer {
            try NormalityTests.run(sorted: $0, mean: m.mean.value, std: m.std.value, skewness: m.skewness.value, excessKurtosis: m.excessKurtosis.value)
        }
    }

    /// With μ and σ estimated, each test rejects N(0,1) samples at α = 0.05 within the exact
    /// binomial band of Bin(2000, 0.05) whose tails hold 5·10⁻⁷ each — 56 to 151 rejections of 2000
    /// (false failure ≤ 10⁻⁶ per test, were the p-values exact) — at two sizes: n = 200 and
    /// n = 2000 for KS, AD and CvM, n = 5000 and n = 20 000 for Jarque–Bera (which relies on the χ²₂
    /// limit and needs large n). The plain KS p-value, which ignores the estimation, rejects far too
    /// rarely: the Lilliefors trap.
    @Test(arguments: [(200, 5000), (2000, 20_000)])
    func testsAreCalibratedUnderTheNull(n: Int, nJB: Int) throws {
        let r = 2000
        var rejections = ["ks": 0, "ad": 0, "cvm": 0, "jb": 0, "ks_plain": 0]
        let law = try Gaussian(sigma: 1)
        for i in 0..<r {
            let engine = RandomEngine(.taus2, seed: UInt64(1_000_000 + n + i))
            let small = try normality(law.samples(n, using: engine))
            if small.ks.pValue < 0.05 { rejections["ks"]! += 1 }
            if small.andersonDarling.pValue < 0.05 { rejections["ad"]! += 1 }
            if small.cramerVonMises.pValue < 0.05 { rejections["cvm"]! += 1 }
            if small.ksPlainPValue < 0.05 { rejections["ks_plain"]! += 1 }
            let large = try normality(law.samples(nJB, using: engine))
            if large.jarqueBera.pValue < 0.05 { rejections["jb"]! += 1 }
        }
        let band = Self.binomialBand(r: r, p: 0.05, tail: 5e-7)
        for key in ["ks", "ad", "cvm", "jb"] {
            #expect(band.contains(rejections[key]!), "n = \(n): \(key): \(rejections[key]!) rejections of \(r), band \(band)")
        }
        #expect(rejections["ks_plain"]! < r / 100, "plain KS rejected \(rejections["ks_plain"]!) times")
    }

    /// Each test rejects n = 2000 Laplace and t(3) samples in more than 90 % of 200 replicates
    /// (their power there is ≈ 1; a false failure needs > 20 misses).
    @Test(arguments: ["laplace(scale=1)", "studentt(nu=3)"])
    func testsHavePowerAgainstHeavyTails(spec: String) throws {
        let law = try parseLaw(spec)
        var rejections = ["ks": 0, "ad": 0, "cvm": 0, "jb": 0]
        for i in 0..<200 {
            let t = try normality(law.samples(2000, using: RandomEngine(.taus2, seed: UInt64(77 + i))))
            if t.ks.pValue < 0.05 { rejections["ks"]! += 1 }
            if t.andersonDarling.pValue < 0.05 { rejections["ad"]! += 1 }
            if t.cramerVonMises.pValue < 0.05 { rejections["cvm"]! += 1 }
            if t.jarqueBera.pValue < 0.05 { rejections["jb"]! += 1 }
        }
        for (k, v) in rejections { #expect(v > 180, "\(spec): \(k) rejected \(v) of 200") }
    }

    @Test func spectrumPassesIIDAndFindsLowRankSpikes() throws {
        let m = 256, n = 512
        let law = try Gaussian(sigma: 0.5)
        for seed in 0..<5 {
            let engine = RandomEngine(.taus2, seed: UInt64(500 + seed))
            var w = law.samples(m * n, using: engine)
            let clean = try w.withUnsafeBufferPointer { try SpectrumCheck.run($0, rows: m, columns: n) }
            #expect(clean.spikes == 0, "seed \(seed): \(clean.topEigenvalues.prefix(3)) above \(clean.spikeThreshold)")
            #expect(abs(clean.mpSigma2 / 0.25 - 1) < 0.02)
            #expect(clean.bulkKS < 0.05)
            // A rank-3 update u·vᵀ with singular values far above the edge σ√n(1 + √q) ≈ 19.
            for k in 0..<3 {
                let u = law.samples(m, using: engine), v = law.samples(n, using: engine)
                let un = u.reduce(0) { $0 + $1 * $1 }.squareRoot(), vn = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
                let s = 60.0 * Double(k + 1)
                for i in 0..<m { for j in 0..<n { w[i * n + j] += s * u[i] / un * v[j] / vn } }
            }
            let spiked = try w.withUnsafeBufferPointer { try SpectrumCheck.run($0, rows: m, columns: n) }
            #expect(spiked.spikes == 3, "seed \(seed): \(spiked.spikes) spikes")
        }
    }

    /// The Weibull protocol on 10⁶ Gaussian values gives k ≈ 1.205, λ ≈ 0.887σ (the protocol's values for a Gaussian); over
    /// seeds the estimates spread by < 0.002, so ±0.01 is > 5 SDs.
    @Test func weibullProtocolOnGaussianWeights() throws {
        let x = try Gaussian(sigma: 0.02).samples(1_000_000, using: RandomEngine(.taus2, seed: 3))
        let w = try x.withUnsafeBufferPointer { try WeibullFit.fit($0) }
        #expect(abs(w.k - 1.205) < 0.01, "k = \(w.k)")
        #expect(abs(w.lambda / 0.02 - 0.887) < 0.01, "λ/σ = \(w.lambda / 0.02)")
    }

    /// With 30 % exact zeros the protocol's own k is dominated by the zeros' bin (clipped to 1e-13,
    /// mid-bin F = 0.15, inside the middle 80 %), so the report adds the protocol on the non-zero
    /// values, which recovers the Gaussian k ≈ 1.205 and λ ≈ 0.887σ. 700 000 non-zero values
    /// spread k by < 0.0025 over seeds, so ±0.012 is ~5 SDs (false failure < 10⁻⁶); a dense
    /// tensor carries no non-zero variant.
    @Test func weibullOfNonZeroValuesWhenZerosDominate() throws {
        let engine = RandomEngine(.taus2, seed: 5)
        let gauss = try Gaussian(sigma: 0.02).samples(1_000_000, using: engine)
        let x = gauss.enumerated().map { $0.offset % 10 < 3 ? 0 : $0.element }
        var options = AnalysisOptions()
        options.spectrum = false
        options.iid = false
        let sparse = try x.withUnsafeBufferPointer { try TensorAnalyzer.analyze(name: "w", shape: [1000, 1000], dtype: .plain(.f64), values: $0, options: options) }
        let k = try #require(sparse.weibullK), kNonzero = try #require(sparse.weibullKNonzero)
        #expect(k < 0.5, "protocol k with 30 % zeros: \(k)")
        #expect(abs(kNonzero - 1.205) < 0.012, "k of the non-zero values: \(kNonzero)")
        #expect(abs(try #require(sparse.weibullLambdaNonzero) / 0.02 - 0.887) < 0.012)
        #expect(sparse.notes?.contains { $0.contains("weibull_k_nonzero") } == true, "\(sparse.notes ?? [])")
        let dense = try gauss.withUnsafeBufferPointer { try TensorAnalyzer.analyze(name: "w", shape: [1000, 1000], dtype: .plain(.f64), values: $0, options: options) }
        #expect(dense.weibullKNonzero == nil && dense.weibullLambdaNonzero == nil)
    }

    /// The W* fit recovers π0 and ε (within 6 binomial SEs), σ and c (within 2 %) and the outlier
    /// scale (within 1 %) of a synthetic W*.
    @Test(arguments: [(0.5, 0.001, 8.0, 2.5), (0.2, 0.01, 6.0, 2.0)])
    func wstarFitRecoversParameters(pi0: Double, eps: Double, m: Double, c: Double) throws {
        let sigma = 0.02
        let law = try OptimalWeights(sigma: sigma, c: c, sparsity: pi0, outliers: eps, outlierMagnitude: .fixed(m))
        let n = 1_000_000
        let x = law.samples(n, using: RandomEngine(.taus2, seed: 42))
        let fits = try x.withUnsafeBufferPointer { try Fits.all($0) }
        #expect(fits.first?.law == "wstar", "best: \(fits.map { "\($0.law) \($0.aic)" })")
        let p = try #require(fits.first { $0.law == "wstar" }?.parameters)
        #expect(abs(p["pi0"]! - pi0) <= 6 * (pi0 * (1 - pi0) / Double(n)).squareRoot())
        let nonZero = Double(n) * (1 - pi0)
        let epsOfNonZero = eps / (1 - pi0)
        #expect(abs(p["outliers"]! - epsOfNonZero) <= 6 * (epsOfNonZero / nonZero).squareRoot(), "ε̂ = \(p["outliers"]!)")
        #expect(abs(p["sigma"]! / sigma - 1) < 0.02, "σ̂ = \(p["sigma"]!)")
        #expect(abs(p["c"]! / c - 1) < 0.02, "ĉ = \(p["c"]!)")
        #expect(abs(p["outlier_scale"]! * p["sigma"]! / (m * sigma) - 1) < 0.01)
    }

    @Test func tinyOrConstantInputIsNotEnoughData() {
        #expect(throws: AnalysisError.notEnoughData(n: 5, needed: 8)) { try [1.0, 2, 3, 4, 5].withUnsafeBufferPointer { try MomentSummary.of($0) } }
        #expect(throws: AnalysisError.constant(value: 0.5)) {
            try [Double](repeating: 0.5, count: 100).withUnsafeBufferPointer { try MomentSummary.of($0) }
        }
        let values: [Float] = [.nan, .nan, 1, 2, .infinity, 3]
        #expect(throws: AnalysisError.notEnoughData(n: 3, needed: 8)) {
            try values.withUnsafeBufferPointer { try TensorAnalyzer.analyze(name: "x", shape: [6], dtype: .plain(.f32), values: $0) }
        }
    }

    @Test func namesGiveDepthAndModule() {
        let cases: [(String, Int?, String)] = [
            ("model.layers.12.self_attn.q_proj.weight", 12, "q"), ("model.layers.3.mlp.down_proj.weight", 3, "down"),
            ("encoder.layer.7.attention.self.key.weight", 7, "k"), ("encoder.layer.7.intermediate.dense.weight", 7, "up"),
            ("encoder.layer.7.output.dense.weight", 7, "down"), ("transformer.h.5.attn.c_attn.weight", 5, "qkv"),
            ("blocks.2.mlp.fc1.weight", 2, "up"), ("model.embed_tokens.weight", nil, "embedding"),
            ("model.layers.0.input_layernorm.weight", 0, "norm"), ("layers.4.weight", 4, "other"),
            ("model.layers.1.mlp.gate_proj.weight", 1, "gate"), ("model.layers.1.self_attn.o_proj.weight", 1, "o"),
            // The attention output under its other names; out_proj outside attention is not "o".
            ("blocks.3.attn.proj.weight", 3, "o"), ("encoder.layers.2.self_attn.out_proj.weight", 2, "o"),
            ("gpt_neox.layers.4.attention.dense.weight", 4, "o"), ("transformer.h.6.self_attention.dense.weight", 6, "o"),
            ("encoder.layer.7.attention.output.dense.weight", 7, "o"), ("layers.5.attention.wo.weight", 5, "o"),
            ("encoder.block.1.layer.0.SelfAttention.o.weight", 1, "o"), ("transformer.h.2.attn.c_proj.weight", 2, "o"),
            ("transformer.h.2.mlp.c_proj.weight", 2, "down"), ("backbone.layers.0.mixer.out_proj.weight", 0, "other"),
            ("blocks.3.attn.qkv.weight", 3, "qkv"), ("gpt_neox.layers.4.attention.query_key_value.weight", 4, "qkv"),
            ("gpt_neox.layers.4.mlp.dense_4h_to_h.weight", 4, "down"), ("encoder.block.1.layer.1.DenseReluDense.wi.weight", 1, "up"),
            // llama.cpp's GGUF names.
            ("blk.3.attn_q.weight", 3, "q"), ("blk.3.attn_k.weight", 3, "k"), ("blk.3.attn_v.weight", 3, "v"),
            ("blk.3.attn_output.weight", 3, "o"), ("blk.0.attn_qkv.weight", 0, "qkv"), ("blk.5.ffn_gate.weight", 5, "gate"),
            ("blk.5.ffn_up.weight", 5, "up"), ("blk.5.ffn_down.weight", 5, "down"), ("blk.5.attn_norm.weight", 5, "norm"),
            ("token_embd.weight", nil, "embedding"), ("output_norm.weight", nil, "norm"),
        ]
        for (name, depth, module) in cases {
            let t = TensorName(name)
            #expect(t.depth == depth, "\(name)")
            #expect(t.module.rawValue == module, "\(name): \(t.module)")
        }
    }
}
