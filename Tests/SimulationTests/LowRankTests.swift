import Distributions
import Foundation
import GSLKit
import Sampling
import Testing
@testable import Simulation

/// Low-rank updates with any law for A and B, and low-rank ΔW in the additive drift.
@Suite struct LowRankTests {
    /// ΔW = B·A (α = r) with Laplace A and B (variance 2, kurtosis 6) and r = 4: E[x²] = r·2·2 = 16
    /// and kurtosis 3 + (6·6 − 3)/4 = 11.25. Estimated from the pooled moments of M = 400
    /// independent 64×64 matrices, with delta-method SEs over matrices; each within 5 SE (false
    /// failure < 10⁻⁶ for both).
    @Test func kurtosisFollowsTheLawsOfTheFactors() throws {
        let laplace = try ParsedLaw("laplace(scale=1)")
        let update = try LowRankUpdate(rank: 4, alpha: 4, lawA: laplace, lawB: laplace)
        let theory = try #require(update.theory)
        #expect(abs(theory.std - 4) < 1e-12 && abs(theory.excessKurtosis - 8.25) < 1e-12)
        let sampler = TensorSampler(threads: 1)
        var u: [Double] = [], v: [Double] = []
        for m in 0..<400 {
            let x = try update.delta(rows: 64, columns: 64, seeds: SeedTree(root: 11).child(m), sampler: sampler)
            u.append(x.reduce(0.0) { $0 + pow(Double($1), 4) } / 4096)
            v.append(x.reduce(0.0) { $0 + Double($1) * Double($1) } / 4096)
        }
        let count = Double(u.count)
        let mu = u.reduce(0, +) / count, mv = v.reduce(0, +) / count
        var suu = 0.0, svv = 0.0, suv = 0.0
        for i in u.indices { suu += (u[i] - mu) * (u[i] - mu); svv += (v[i] - mv) * (v[i] - mv); suv += (u[i] - mu) * (v[i] - mv) }
        suu /= count - 1; svv /= count - 1; suv /= count - 1
        let kurtosis = mu / (mv * mv)
        let seK = ((suu / pow(mv, 4) - 4 * mu * suv / pow(mv, 5) + 4 * mu * mu * svv / pow(mv, 6)) / count).squareRoot()
        #expect(abs(mv - 16) <= 5 * (svv / count).squareRoot(), "E[x²] \(mv)")
        #expect(abs(kurtosis - 11.25) <= 5 * seK, "kurtosis \(kurtosis) ± \(seK)")
    }

    /// A drift with delta_rank: each ΔW has the scheduled rank (eigenvalues of ΔW·ΔWᵀ above 10⁻⁹
    /// of the largest), and E[ΔW²] = σΔ²·m²: the mean over 300 seeds of mean(ΔW²)/σΔ² is 1 within
    /// 5 SE (SE from the seeds; false failure < 10⁻⁶ per matrix).
    @Test func lowRankDriftHasTheRankAndVariance() throws {
        let unit = try ParsedLaw.gaussian(sigma: 1)
        var drift = try AdditiveDrift(model: ModelPreset.miniLM.layers(width: 0.0625, layers: 2), pretrained: unit, sigma0: .constant(0.02),
                                      delta: unit, sigmaDelta: .constant(0.01), moduleMultipliers: ["q": 2])
        try drift.setDeltaRank(.linear(from: 1, to: 4))
        let sampler = TensorSampler(threads: 1)
        for k in drift.matrices.indices {
            let spec = drift.matrices[k]
            let layer = drift.layer(k, seeds: SeedTree(root: 1), sampler: sampler)
            let eig = try layer.delta.map(Double.init).withUnsafeBufferPointer { try LinearAlgebra.gramEigenvalues($0, rows: spec.shape[0], columns: spec.shape[1]) }
            #expect(eig.filter { $0 > 1e-9 * eig.last! }.count == drift.rank(depth: spec.depth), "\(spec.name)")
            var ratios: [Double] = []
            for seed in 0..<300 {
                let d = drift.layer(k, seeds: SeedTree(root: UInt64(seed)), sampler: sampler).delta
                ratios.append(d.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(d.count) / (layer.sigmaDelta * layer.sigmaDelta))
            }
            let mean = ratios.reduce(0, +) / 300
            let se = (ratios.reduce(0.0) { $0 + ($1 - mean) * ($1 - mean) } / 299 / 300).squareRoot()
            #expect(abs(mean - 1) <= 5 * se, "\(spec.name): \(mean) ± \(se)")
        }
        #expect(throws: SimulationError.self) { try drift.setDeltaRank(.constant(25)) }  // q is 24×24
    }

    /// A σ the Gaussian refuses reaches the caller as the Gaussian's own error, wrapped (not a
    /// string): `.invalidLaw` with the law's `.invalidParameter("sigma", …)`.
    @Test func gaussianFactorErrorIsTyped() throws {
        let error = try #require(throws: SimulationError.self) { try LowRankUpdate(rank: 1, sigmaA: 1e40) }
        guard case let .invalidLaw(key, .invalidParameter(parameter, _)) = error else {
            Issue.record("expected .invalidLaw(_, .invalidParameter), got \(error)")
            return
        }
        #expect(key == "" && parameter == "sigma")
        #expect(error.description.hasPrefix("parameter 'sigma'"), "\(error)")
    }
}
