import Foundation
import TensorIO

extension FineTuneAdapter {
    /// Writes a LoRA θ as a PEFT adapter folder: `adapter_config.json` and
    /// `adapter_model.safetensors` with `base_model.model.<module>.lora_A.weight` (r × in) and
    /// `…lora_B.weight` (out × r) for every target, as `peft.PeftModel.from_pretrained` reads it.
    public func writePEFT(theta: [Float], to directory: URL, baseModel: String? = nil) throws(SimulationError) {
        guard case let .lora(r, alpha) = mode else { throw .invalidParameter("PEFT adapters are written for LoRA fine-tuning only") }
        guard theta.count == trainableCount else { throw .shapeMismatch("LoRA values: \(theta.count), expected \(trainableCount)") }
        if let bad = theta.firstIndex(where: { !$0.isFinite }) { throw .io("\(directory.path): refusing to write a non-finite LoRA value at index \(bad)") }
        let kinds = Array(Set(targets.map { LlamaParameters.moduleKind($0.name) })).sorted()
        let config: [String: Any] = [
            "peft_type": "LORA", "task_type": "CAUSAL_LM", "r": r, "lora_alpha": alpha, "target_modules": kinds,
            "lora_dropout": 0.0, "bias": "none", "fan_in_fan_out": false, "init_lora_weights": true, "use_rslora": false,
            "inference_mode": true, "base_model_name_or_path": baseModel ?? NSNull(), "modules_to_save": NSNull(),
        ]
        var infos: [TensorInfo] = []
        for t in targets {
            let module = String(t.name.dropLast(".weight".count))
            infos.append(TensorInfo(name: "base_model.model.\(module).lora_A.weight", dtype: .f32, shape: [r, t.shape[1]]))
            infos.append(TensorInfo(name: "base_model.model.\(module).lora_B.weight", dtype: .f32, shape: [t.shape[0], r]))
        }
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let data = try JSONSerialization.data(withJSONObject: config, options: [.prettyPrinted, .sortedKeys])
            try AtomicFile.write(data, to: directory.appendingPathComponent("adapter_config.json"))
            let writer = try SafetensorsWriter(url: directory.appendingPathComponent("adapter_model.safetensors"), entries: infos,
                                               metadata: ["format": "pt"], overwrite: true)
            // θ holds A then B for each target, the order of `infos`.
            try theta.withUnsafeBufferPointer { (p) throws(TensorIOError) in try writer.write(p) }
            try writer.finish()
        } catch let e as TensorIOError {
            throw .io(e.description)
        } catch {
            throw .io("\(directory.path): \(error.localizedDescription)")
        }
    }
}
