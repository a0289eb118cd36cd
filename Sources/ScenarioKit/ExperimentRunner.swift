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

    func run(_ experiment: Experiment, seeds: SeedTree) throws -> ExperimentOutput {
        switch experiment {
        case let .sample(law, shape, tensors):
            let distribution = try parseLaw(law)
            let out = (0..<tensors).map { i in
                GeneratedTensor(name: "tensors.\(i)", depth: nil, shape: shape,
                                values: sampler.sample(shape: shape, law: distribution, seeds: seeds.child("tensors.\(i)")))
            }
            return ExperimentOutput(tensors: out)
        case let .checkpoint(pattern):
            guard let input else { throw ScenarioError(file: "", message: "this scenario analyses a checkpoint: give it with --input FILE") }
            let regex = try pattern.map { try Regex($0) }
            var tensors: [GeneratedTensor] = []
            for e in input.entries where regex.map({ e.info.name.contains($0) }) ?? true {
                tensors.append(GeneratedTensor(name: e.info.name, depth: nil, shape: e.info.shape, values: try input.floats(e.info.name)))
            }
            return ExperimentOutput(tensors: tensors)
        case let .drift(d):
            let drift = try d.make()
            let given = try d.pretrainedTensors(for: drift)
            var out = ExperimentOutput()
            for k in drift.matrices.indices {
                let layer = drift.layer(k, seeds: seeds, sampler: sampler, pretrained: try given.map { try $0.0.floats($0.1[k]) })
                let l = layer.depth
                for (role, values) in [("pretrained", layer.pretrained), ("delta", layer.delta), ("finetuned", layer.fineTuned)] {
                    out.tensors.append(GeneratedTensor(name: "\(layer.name).\(role)", depth: l, shape: layer.shape, values: values))
                }
                out.tensorQuantities["\(layer.name).delta", default: []].append(("schedule_std", layer.sigmaDelta))
                out.tensorQuantities["\(layer.name).pretrained", default: []].append(("schedule_std", layer.sigma0))
                out.tensorQuantities["\(layer.name).finetuned", default: []].append(
                    ("schedule_std", (layer.scale * layer.scale * layer.sigma0 * layer.sigma0 + layer.sigmaDelta * layer.sigmaDelta).squareRoot()))
            }
            return out
        case let .lowRank(shape, updates, perLayer):
            guard perLayer else {
                let delta = try updates[0].delta(rows: shape[0], columns: shape[1], seeds: seeds.child("delta"), sampler: sampler)
                return ExperimentOutput(tensors: [GeneratedTensor(name: "delta", depth: nil, shape: shape, values: delta)])
            }
            var out = ExperimentOutput()
            for (l, update) in updates.enumerated() {
                let delta = try update.delta(rows: shape[0], columns: shape[1], seeds: seeds.child("layers").child(l), sampler: sampler)
                out.tensors.append(GeneratedTensor(name: "layers.\(l).delta", depth: l, shape: shape, values: delta))
                out.tensorQuantities["layers.\(l).delta", default: []].append(("rank", Double(update.rank)))
            }
            return out
        case let .merge(settings):
            return ExperimentOutput(quantities: try settings.make().run(seeds: seeds, sampler: sampler))
        case let .sigmaGap(shape, optimum, gap, testSize):
            let study = try SigmaGapStudy(shape: shape, optimum: try parseLaw(optimum), gap: gap, testSize: testSize)
            return ExperimentOutput(quantities: study.run(seeds: seeds, sampler: sampler))
        case let .train(settings):
            let run = try settings.make().run(seeds: seeds)
            var out = ExperimentOutput(quantities: [
                ("loss.train_initial", run.trainLoss.initial), ("loss.train_final", run.trainLoss.final),
                ("loss.test_initial", run.testLoss.initial), ("loss.test_final", run.testLoss.final),
                ("loss.test_ratio", run.testLoss.final / run.testLoss.initial), ("diverged", run.divergedAt == nil ? 0 : 1),
            ])
            for (l, scale) in run.noiseScales.enumerated() { out.quantities.append(("noise_scale.\(l)", scale)) }
            // ΔW and the losses at the recorded steps: tensors layers.{l}.delta_at_{step}.
            for snap in run.snapshots {
                out.quantities.append(("loss.train_at_\(snap.step)", snap.trainLoss))
                out.quantities.append(("loss.test_at_\(snap.step)", snap.testLoss))
                for l in run.pretrained.indices where snap.weights[l].allSatisfy(\.isFinite) {
                    out.tensors.append(GeneratedTensor(name: "layers.\(l).delta_at_\(snap.step)", depth: l, shape: [settings.widths[l + 1], settings.widths[l]],
                                                       values: zip(snap.weights[l], run.pretrained[l]).map { $0 - $1 }))
                }
            }
            // A diverged run yields no tensors: its weights are not finite and would say nothing.
            guard run.divergedAt == nil else { return out }
            for l in run.pretrained.indices {
                let shape = [settings.widths[l + 1], settings.widths[l]]
                let delta = zip(run.finetuned[l], run.pretrained[l]).map { $0 - $1 }
                out.tensors.append(GeneratedTensor(name: "layers.\(l).pretrained", depth: l, shape: shape, values: run.pretrained[l]))
                out.tensors.append(GeneratedTensor(name: "layers.\(l).delta", depth: l, shape: shape, values: delta))
                out.tensors.append(GeneratedTensor(name: "layers.\(l).finetuned", depth: l, shape: shape, values: run.finetuned[l]))
            }
            return out
        }
    }
}
