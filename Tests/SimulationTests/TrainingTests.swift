import Distributions
import Foundation
import GSLKit
import Sampling
import Testing
@testable import Simulation

@Suite struct TrainingTests {
    func randomWeights(_ widths: [Int], seed: UInt64) -> [[Double]] {
        let engine = RandomEngine(seed: seed)
        return (0..<(widths.count - 1)).map { l in (0..<(widths[l] * widths[l + 1])).map { _ in engine.gaussian() / Double(widths[l]).squareRoot() } }
    }

    /// Analytic gradients against central differences, h = 1e-6: relative error < 1e-6.
    @Test(arguments: Architecture.allCases)
    func gradientsMatchFiniteDifferences(architecture: Architecture) {
        let widths = [5, 7, 6, 3]
        let net = DenseNetwork(widths: widths, architecture: architecture)
        let engine = RandomEngine(seed: 4)
        let batch = 9
        let x = (0..<(batch * 5)).map { _ in engine.gaussian() }, y = (0..<(batch * 3)).map { _ in engine.gaussian() }
        let w = randomWeights(widths, seed: 8)
        let (_, grads) = net.gradients(x, y, batch: batch, weights: w)
        for l in 0..<3 {
            for i in stride(from: 0, to: w[l].count, by: 3) {
                var plus = w, minus = w
                plus[l][i] += 1e-6; minus[l][i] -= 1e-6
                let numeric = (net.loss(net.forward(x, batch: batch, weights: plus).h[3], y, batch: batch)
                               - net.loss(net.forward(x, batch: batch, weights: minus).h[3], y, batch: batch)) / 2e-6
                #expect(abs(numeric - grads[l][i]) <= 1e-6 * max(1e-3, abs(numeric)), "layer \(l) entry \(i): \(numeric) vs \(grads[l][i])")
            }
        }
    }

    /// The LoRA factor gradients ∂A = s·Bᵀ∂W, ∂B = s·∂W·Aᵀ against central differences.
    @Test func loraGradientsMatchFiniteDifferences() throws {
        let widths = [4, 6, 3]
        let net = DenseNetwork(widths: widths, architecture: .relu)
        let training = try TrainedFineTuning(architecture: .relu, widths: widths, teacher: try ParsedLaw.gaussian(sigma: 1), pretrainedNoise: 0.1,
                                             optimizer: .adam(learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8), steps: 1, batchSize: 8,
                                             loraRank: 2, loraAlpha: 3, trainSize: 8, testSize: 8)
        let engine = RandomEngine(seed: 12)
        let pre = randomWeights(widths, seed: 2)
        var params: [[Double]] = []
        for l in 0..<2 {
            params.append((0..<(2 * widths[l])).map { _ in engine.gaussian() })
            params.append((0..<(widths[l + 1] * 2)).map { _ in engine.gaussian() })
        }
        func weights(_ p: [[Double]]) -> [[Double]] {
            var w = pre
            for l in 0..<2 {
                for i in 0..<widths[l + 1] { for j in 0..<widths[l] {
                    var s = 0.0
                    for k in 0..<2 { s += p[2 * l + 1][i * 2 + k] * p[2 * l][k * widths[l] + j] }
                    w[l][i * widths[l] + j] += 1.5 * s
                } }
            }
            return w
        }
        let x = (0..<(8 * 4)).map { _ in engine.gaussian() }, y = (0..<(8 * 3)).map { _ in engine.gaussian() }
        let (_, gw) = net.gradients(x, y, batch: 8, weights: weights(params))
        let analytic = training.lora(gw, params: params, rank: 2)
        for k in params.indices {
            for i in params[k].indices {
                var plus = params, minus = params
                plus[k][i] += 1e-6; minus[k][i] -= 1e-6
                let numeric = (net.loss(net.forward(x, batch: 8, weights: weights(plus)).h[2], y, batch: 8)
                               - net.loss(net.forward(x, batch: 8, weights: weights(minus)).h[2], y, batch: 8)) / 2e-6
                #expect(abs(numeric - analytic[k][i]) <= 1e-6 * max(1e-3, abs(numeric)), "factor \(k) entry \(i)")
            }
        }
    }

    func training(_ architecture: Architecture, optimizer: Optimizer, lora: Int? = nil, steps: Int = 300) throws -> TrainedFineTuning {
        try TrainedFineTuning(architecture: architecture, widths: [32, 48, 48, 16], teacher: try ParsedLaw("wstar(sigma=1, c=2.5, sparsity=0.5)"),
                              pretrainedNoise: 0.5, optimizer: optimizer, steps: steps, batchSize: 32, weightDecay: 1e-4,
                              loraRank: lora, loraAlpha: 8, trainSize: 512, testSize: 256, labelNoise: 0.01)
    }

    static let optimizers: [Optimizer] = [.sgd(learningRate: 0.005, momentum: 0.9), .adam(learningRate: 3e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8)]

    @Test(arguments: Architecture.allCases, [0, 1])
    func lossFallsOnTrainAndTest(architecture: Architecture, optimizerIndex: Int) throws {
        let run = try training(architecture, optimizer: Self.optimizers[optimizerIndex]).run(seeds: SeedTree(root: 3))
        #expect(run.divergedAt == nil)
        #expect(run.trainLoss.final < 0.5 * run.trainLoss.initial, "train \(run.trainLoss)")
        #expect(run.testLoss.final < 0.7 * run.testLoss.initial, "test \(run.testLoss)")
    }

    @Test func loraTrainsOnlyALowRankDelta() throws {
        let run = try training(.linear, optimizer: Self.optimizers[1], lora: 2).run(seeds: SeedTree(root: 5))
        #expect(run.testLoss.final < run.testLoss.initial)
        // ΔW_l = s·B·A has rank ≤ 2.
        let delta = zip(run.finetuned[1], run.pretrained[1]).map { Double($0 - $1) }
        let eig = try delta.withUnsafeBufferPointer { try LinearAlgebra.gramEigenvalues($0, rows: 48, columns: 48) }
        #expect(eig.filter { $0 > eig.last! * 1e-6 }.count <= 2)
    }

    /// Fitting only per-layer noise scales: ΔW_l = s_l·N_l, so every ΔW_l is one fixed matrix
    /// times a scalar (its normalised entries agree with N_l's up to sign), and the test loss falls.
    @Test func noiseScalesFitOnlyScalars() throws {
        var t = try training(.relu, optimizer: Self.optimizers[1])
        t.noiseScales = true
        let run = t.run(seeds: SeedTree(root: 6))
        #expect(run.noiseScales.count == 3)
        #expect(run.noiseScales.contains { $0 != 0 })
        #expect(run.testLoss.final < run.testLoss.initial)
        // A shorter run fits another s_0 but the same N_0: ΔW_0 changes by one common factor.
        var short = t
        short.steps = 60
        let early = short.run(seeds: SeedTree(root: 6))
        let d1 = zip(run.finetuned[0], run.pretrained[0]).map { Double($0) - Double($1) }
        let d0 = zip(early.finetuned[0], early.pretrained[0]).map { Double($0) - Double($1) }
        let factor = run.noiseScales[0] / early.noiseScales[0]
        // Float storage of W rounds ΔW at ~1e-7·|W|; compare with that slack.
        #expect(zip(d1, d0).allSatisfy { abs($0 - factor * $1) <= 1e-5 })
    }

    @Test func runsAreBitReproducible() throws {
        let a = try training(.relu, optimizer: Self.optimizers[1], steps: 50).run(seeds: SeedTree(root: 9))
        let b = try training(.relu, optimizer: Self.optimizers[1], steps: 50).run(seeds: SeedTree(root: 9))
        #expect(a.finetuned.map { $0.map(\.bitPattern) } == b.finetuned.map { $0.map(\.bitPattern) })
    }

    /// A snapshot at step s is the state a run of s steps ends in (same seeds, same batches), and
    /// its losses are that run's final losses.
    @Test func recordedStepsMatchShorterRuns() throws {
        var long = try training(.relu, optimizer: Self.optimizers[1], steps: 40)
        long.recordSteps = [10, 25]
        let run = long.run(seeds: SeedTree(root: 9))
        #expect(run.snapshots.map(\.step) == [10, 25])
        for snap in run.snapshots {
            let short = try training(.relu, optimizer: Self.optimizers[1], steps: snap.step).run(seeds: SeedTree(root: 9))
            #expect(snap.weights == short.finetuned, "step \(snap.step)")
            #expect(snap.trainLoss == short.trainLoss.final && snap.testLoss == short.testLoss.final, "step \(snap.step)")
        }
        #expect(run.snapshots[0].weights != run.finetuned)
    }

    @Test func divergenceIsReportedNotHidden() throws {
        let run = try training(.linear, optimizer: .sgd(learningRate: 50, momentum: 0.9), steps: 200).run(seeds: SeedTree(root: 1))
        #expect(run.divergedAt != nil)
        #expect(run.testLoss.final.isNaN)
    }

    @Test func badConfigurationsAreRejected() throws {
        #expect(throws: SimulationError.self) { try LowRankUpdate(rank: -1) }
        #expect(throws: SimulationError.self) { try DepthSchedule.list([1, 2, 3]).validate(layers: 4, positive: true) }
        #expect(throws: SimulationError.self) { try DepthSchedule.linear(from: 1, to: -1).validate(layers: 4, positive: true) }
        #expect(throws: SimulationError.self) {
            try TrainedFineTuning(architecture: .relu, widths: [8], teacher: try ParsedLaw.gaussian(sigma: 1), pretrainedNoise: 0.1,
                                  optimizer: Self.optimizers[0], steps: 1, batchSize: 1, trainSize: 1, testSize: 1)
        }
    }

    /// Averaging K Gaussian task vectors shrinks the noise std by √K: the ratio std(mean τ)·√K/σ_τ
    /// is 1 within 6 SE (SE ≈ 1/√(2n) for n = 256² entries).
    @Test(arguments: [2, 4, 8])
    func averagingShrinksNoiseBySqrtK(k: Int) throws {
        let merging = try TaskMerging(shape: [256, 256], optimum: try ParsedLaw("wstar(sigma=0.02, c=2.5)"), tasks: k, taskSigma: 0.01)
        let out = Dictionary(uniqueKeysWithValues: merging.run(seeds: SeedTree(root: UInt64(k)), sampler: TensorSampler(threads: 2)))
        #expect(abs(out["noise_shrinkage_ratio"]! - 1) <= 6 / (2.0 * 65536).squareRoot())
    }
}
