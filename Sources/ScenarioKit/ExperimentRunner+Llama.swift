import Sampling
import Simulation

/// The LLaMA `train:` experiment: one two-phase run per replicate and what it yields.
///
/// ```
/// loss.{phase}.{train,held_out}_ratio = final loss / loss before the phase    (phase: pretrain, finetune)
/// displacement.{phase}                = mean over block matrices of ‖W_end − W_start‖/‖W_start‖
/// weights_kurtosis.pretrain_at_{s}    = mean excess kurtosis of the block matrices after pretraining step s
/// delta_kurtosis.finetune_at_{s}      = mean excess kurtosis of ΔW of the moved matrices after fine-tuning step s
/// lora.excess_kurtosis_theory         = 6/r, the excess kurtosis of B·A with i.i.d. Gaussian factors
/// lora.excess_kurtosis_gap            = mean excess kurtosis of the trained LoRA ΔW − 6/r
/// ```
extension ExperimentRunner {
    /// Runs one replicate; a diverged run yields `diverged` = 1 and no tensors.
    func llama(_ phases: LlamaTwoPhase, outputs: [String], seeds: SeedTree) throws -> ExperimentOutput {
        do {
            let result = try phases.run(seeds: seeds)
            return Self.llamaOutput(result, of: phases, outputs: outputs)
        } catch {
            guard case let .diverged(step, _) = error else { throw error }
            var out = ExperimentOutput()
            out.add(LlamaMetrics.diverged, 1)
            out.divergedAt = step
            return out
        }
    }

    /// The tensors (in the roles `outputs`) and quantities of a finished two-phase run.
    static func llamaOutput(_ r: LlamaTwoPhase.Result, of s: LlamaTwoPhase, outputs: [String]) -> ExperimentOutput {
        let m = LlamaMetrics.self
        var out = ExperimentOutput()
        out.add(m.diverged, 0)
        let moved = Set(s.adaptedShorts)
        let movedKinds = Set(LlamaTwoPhase.matrices.filter { moved.contains($0.short) }.map(\.kind))
        func inBlocks(_ w: WeightStatistics) -> Bool { LlamaParameters.layerIndex(w.name) != nil }
        func isMoved(_ w: WeightStatistics) -> Bool { inBlocks(w) && movedKinds.contains(LlamaParameters.moduleKind(w.name)) }
        func mean(_ xs: [Double]) -> Double { xs.isEmpty ? .nan : xs.reduce(0, +) / Double(xs.count) }
        for (phase, res) in [("pretrain", r.pretrain), ("finetune", r.finetune)] {
            let f = res.final
            out.add(m.trainInitial, res.initialTrainLoss, phase)
            out.add(m.trainFinal, f.trainLoss, phase)
            out.add(m.heldOutInitial, res.initialHeldOutLoss, phase)
            out.add(m.heldOutFinal, f.heldOutLoss, phase)
            out.add(m.trainRatio, f.trainLoss / res.initialTrainLoss, phase)
            out.add(m.heldOutRatio, f.heldOutLoss / res.initialHeldOutLoss, phase)
            let pick = phase == "pretrain" ? inBlocks : isMoved
            out.add(m.displacement, mean(f.weights.filter(pick).compactMap(\.displacement)), phase)
            for rec in res.records.dropLast() {
                let shape = phase == "pretrain" ? mean(rec.weights.filter(inBlocks).map(\.excessKurtosis))
                                                : mean(rec.deltas.filter(isMoved).map(\.excessKurtosis))
                out.add(m.trainAt, rec.trainLoss, phase, rec.step)
                out.add(m.heldOutAt, rec.heldOutLoss, phase, rec.step)
                out.add(m.displacementAt, mean(rec.weights.filter(pick).compactMap(\.displacement)), phase, rec.step)
                out.add(phase == "pretrain" ? m.weightsKurtosisAt : m.deltaKurtosisAt, shape, rec.step)
            }
        }
        if let rank = s.loraRank {
            let theory = 6 / Double(rank), measured = mean(r.finetune.final.deltas.filter(isMoved).map(\.excessKurtosis))
            out.add(m.loraTheory, theory)
            out.add(m.loraMean, measured)
            out.add(m.loraGap, measured - theory)
        }
        let pretrainShift = Dictionary(uniqueKeysWithValues: r.pretrain.final.weights.map { ($0.name, $0.displacement) })
        let finetuneShift = Dictionary(uniqueKeysWithValues: r.finetune.final.weights.map { ($0.name, $0.displacement) })
        for slot in s.slots(outputs: outputs) {
            guard let e = r.initial.entry(slot.weightName) else { continue }
            let range = e.offset..<(e.offset + e.count)
            let values: [Float]
            switch slot.role {
            case "init": values = Array(r.initial.values[range])
            case "pretrained": values = Array(r.pretrained.values[range])
            case "finetuned": values = Array(r.finetuned.values[range])
            default: values = zip(r.finetuned.values[range], r.pretrained.values[range]).map { $0 - $1 }
            }
            out.tensors.append(GeneratedTensor(name: slot.name, depth: slot.layer, shape: e.shape, values: values))
            let shift = slot.role == "pretrained" ? pretrainShift[slot.weightName] : slot.role == "init" ? nil : finetuneShift[slot.weightName]
            if let d = shift ?? nil { out.attach(ExperimentTensorMetrics.displacement, d, to: slot.name) }
        }
        return out
    }
}
