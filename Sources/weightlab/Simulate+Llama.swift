import Foundation
import ScenarioKit
import Simulation

extension Simulate {
    /// A LLaMA `train:` case: Hugging Face checkpoints `initial/`, `pretrained/`, `finetuned/` and,
    /// for LoRA, the PEFT folder `adapter/` under `dir`, then the per-matrix table.
    func writeLlama(runner: ScenarioRunner, caseIndex c: Int, to dir: URL) throws {
        let s = runner.scenario
        let label = s.cases[c].label
        for folder in ["initial", "pretrained", "finetuned", "adapter"] where !force {
            let path = dir.appendingPathComponent(folder).path
            if FileManager.default.fileExists(atPath: path) { throw InputError("\(path) exists; pass --force to replace it") }
        }
        let run: (result: LlamaTwoPhase.Result, output: ExperimentOutput)
        do { run = try runner.llamaRun(caseIndex: c, replicate: replicate) } catch let SimulationError.diverged(step, what) {
            throw InputError("\(scenario): case \(label): training diverged at step \(step) (\(what)); no checkpoint written for this case "
                             + "— lower learning_rate or raise clip")
        } catch {
            throw InputError("\(scenario): case \(label): \(error)")
        }
        let metadata = ["weightlab_version": WeightLabVersion.string, "seed": String(s.seed), "generator": s.generator.rawValue,
                        "scenario": s.name, "case": label, "replicate": String(replicate)]
        do { try LlamaTwoPhase.write(run.result, to: dir, metadata: metadata) } catch { throw InputError(error) }
        for folder in ["initial", "pretrained", "finetuned"] { note("wrote \(dir.appendingPathComponent(folder).path)/ (config.json, model.safetensors)") }
        if case .lora = run.result.adapter.mode { note("wrote \(dir.appendingPathComponent("adapter").path)/ (PEFT adapter)") }
        let losses = Dictionary(run.output.quantities, uniquingKeysWith: { a, _ in a })
        for phase in ["pretrain", "finetune"] {
            let f = { (k: String) in String(format: "%.4f", losses["loss.\(phase).\(k)"] ?? .nan) }
            note("\(phase): train loss \(f("train_initial")) → \(f("train_final")), held-out \(f("held_out_initial")) → \(f("held_out_final"))")
        }
        try writeDepthTable(Simulate.matrixRows(run.output.tensors), scenario: s, caseIndex: c, to: dir)
    }
}
