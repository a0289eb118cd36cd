import Distributions
import Foundation
import Sampling
import Simulation
import TensorIO

/// Produces the tensors and quantities of one replicate of one case.
struct ExperimentRunner: Sendable {
    let sampler: TensorSampler
    /// The checkpoint of `checkpoint:` experiments (from `--input`).
    let input: Checkpoint?
    /// The scenario file, named by the errors of its experiments.
    let file: String

    func run(_ experiment: Experiment, seeds: SeedTree) throws -> ExperimentOutput {
        switch experiment {
        case let .sample(law, shape, tensors, rank):
            let distribution = law.distribution
            // Rank r: B·A/(√r·σ), entries of variance σ² (α = √r/σ in (α/r)·B·A).
            let update = try rank.map { r in
                try LowRankUpdate(rank: r, alpha: Double(r).squareRoot() / distribution.moments.std, lawA: law, lawB: law)
            }
            var out = ExperimentOutput()
            for i in 0..<tensors {
                let node = seeds.child("tensors.\(i)")
                let values = try update.map { try $0.delta(rows: shape[0], columns: shape[1], seeds: node, sampler: sampler) }
                    ?? sampler.sample(Float.self, shape: shape, law: distribution, seeds: node)
                out.tensors.append(GeneratedTensor(name: "tensors.\(i)", depth: nil, shape: shape, values: values))
            }
            return out
        case let .checkpoint(pattern, matrices):
            guard let input else { throw ScenarioError(file: file, message: "this scenario analyses a checkpoint: give it with --input FILE") }
            // Read on demand: the analysis holds one tensor of the checkpoint at a time.
            return ExperimentOutput(tensors: Experiment.checkpointEntries(input, pattern: pattern, matrices: matrices).map { e in
                let name = e.info.name
                return GeneratedTensor(name: name, depth: nil, shape: e.info.shape) { try input.values(name, as: Float.self) }
            })
        case let .drift(drift, pretrainedFile):
            let given = try pretrainedFile.map { (file) throws(TensorIOError) in try drift.pretrainedTensors(in: file) }
            var out = ExperimentOutput()
            for k in drift.matrices.indices {
                let layer = drift.layer(k, seeds: seeds, sampler: sampler, pretrained: try given.map { try $0.0.values($0.1[k], as: Float.self) })
                let finetunedStd = (layer.scale * layer.scale * layer.sigma0 * layer.sigma0 + layer.sigmaDelta * layer.sigmaDelta).squareRoot()
                let parts = [layer.pretrained, layer.delta, layer.fineTuned], scheduled = [layer.sigma0, layer.sigmaDelta, finetunedStd]
                for (i, role) in Experiment.layerRoles.enumerated() {
                    let name = "\(layer.name).\(role)"
                    out.tensors.append(GeneratedTensor(name: name, depth: layer.depth, shape: layer.shape, values: parts[i]))
                    out.attach(ExperimentTensorMetrics.scheduleStd, scheduled[i], to: name)
                }
            }
            return out
        case let .lowRank(shape, updates, perLayer):
            let (rows, columns) = (shape[0], shape[1])
            guard perLayer else {
                let delta = try updates[0].delta(rows: rows, columns: columns, seeds: seeds.child("delta"), sampler: sampler)
                return ExperimentOutput(tensors: [GeneratedTensor(name: "delta", depth: nil, shape: shape, values: delta)])
            }
            var out = ExperimentOutput()
            for (l, update) in updates.enumerated() {
                let delta = try update.delta(rows: rows, columns: columns, seeds: seeds.child("layers").child(l), sampler: sampler)
                out.tensors.append(GeneratedTensor(name: "layers.\(l).delta", depth: l, shape: shape, values: delta))
                out.attach(ExperimentTensorMetrics.rank, Double(update.rank), to: "layers.\(l).delta")
            }
            return out
        case let .merge(merging):
            return ExperimentOutput(quantities: try MetricCatalogue.checked(merging.run(seeds: seeds, sampler: sampler),
                                                                          against: MergeMetrics.names, kind: "merge"))
        case let .sigmaGap(study):
            return ExperimentOutput(quantities: try MetricCatalogue.checked(study.run(seeds: seeds, sampler: sampler), against: SigmaGapMetrics.names, kind: "sigma_gap"))
        case let .train(training):
            return try train(training, seeds: seeds)
        case let .llama(phases, outputs):
            return try llama(phases, outputs: outputs, seeds: seeds)
        }
    }

    /// A training run: losses, the σ gap to the teacher along the way, ΔW per layer (at the end
    /// and at the recorded steps), and the fitted noise scales of the noise adapter.
    ///
    /// ```
    /// σ gap(W) = mean over layers of std(W_l) − std(T_l)      (T: the teacher, the W* of the task)
    /// sigma_gap.loss_spearman = Spearman ρ of (σ gap, test loss) over the start, the recorded
    ///                           steps and the end: do they fall together?
    /// ```
    private func train(_ training: TrainedFineTuning, seeds: SeedTree) throws -> ExperimentOutput {
        let run = training.run(seeds: seeds)
        let m = TrainMetrics.self
        var out = ExperimentOutput()
        out.add(m.trainInitial, run.trainLoss.initial)
        out.add(m.trainFinal, run.trainLoss.final)
        out.add(m.testInitial, run.testLoss.initial)
        out.add(m.testFinal, run.testLoss.final)
        out.add(m.testRatio, run.testLoss.final / run.testLoss.initial)
        out.add(m.diverged, run.divergedAt == nil ? 0 : 1)
        out.divergedAt = run.divergedAt
        let layers = run.pretrained.indices
        func sigmaGap(_ weights: [[Float]]) -> Double? {
            guard weights.allSatisfy({ $0.allSatisfy(\.isFinite) }) else { return nil }
            return layers.map { Self.std(weights[$0]) - Self.std(run.teacher[$0]) }.reduce(0, +) / Double(layers.count)
        }
        let initialGap = sigmaGap(run.pretrained)!
        out.add(m.gapInitial, initialGap)
        for (l, scale) in run.noiseScales.enumerated() { out.add(m.noiseScale, scale, l) }
        // The trajectory (σ gap, test loss): the start, each recorded step, the end.
        var trajectory: [(Double, Double)] = [(initialGap, run.testLoss.initial)]
        for snap in run.snapshots {
            out.add(m.trainAt, snap.trainLoss, snap.step)
            out.add(m.testAt, snap.testLoss, snap.step)
            if let gap = sigmaGap(snap.weights) {
                out.add(m.gapAt, gap, snap.step)
                trajectory.append((gap, snap.testLoss))
            }
            for l in layers where snap.weights[l].allSatisfy(\.isFinite) {
                out.tensors.append(GeneratedTensor(name: "layers.\(l).delta_at_\(snap.step)", depth: l, shape: [training.widths[l + 1], training.widths[l]],
                                                   values: zip(snap.weights[l], run.pretrained[l]).map { $0 - $1 }))
            }
        }
        // A diverged run yields no final tensors: its weights are not finite and would say nothing.
        guard run.divergedAt == nil, let finalGap = sigmaGap(run.finetuned) else { return out }
        out.add(m.gapFinal, finalGap)
        out.add(m.gapRatio, finalGap / initialGap)
        trajectory.append((finalGap, run.testLoss.final))
        if trajectory.count >= 3, trajectory.allSatisfy({ $0.0.isFinite && $0.1.isFinite }) {
            out.add(m.lossSpearman, ClaimStatistics.spearman(trajectory.map(\.0), trajectory.map(\.1)).0)
        }
        for l in layers {
            let shape = [training.widths[l + 1], training.widths[l]]
            let parts = [run.pretrained[l], zip(run.finetuned[l], run.pretrained[l]).map { $0 - $1 }, run.finetuned[l]]
            for (i, role) in Experiment.layerRoles.enumerated() {
                out.tensors.append(GeneratedTensor(name: "layers.\(l).\(role)", depth: l, shape: shape, values: parts[i]))
            }
            if l < run.noiseScales.count { out.attach(ExperimentTensorMetrics.noiseScale, run.noiseScales[l], to: "layers.\(l).delta") }
        }
        return out
    }

    /// Population std (ddof 0) in double precision.
    static func std(_ x: [Float]) -> Double {
        let n = Double(x.count)
        let mean = x.reduce(0.0) { $0 + Double($1) } / n
        return (x.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / n).squareRoot()
    }
}
