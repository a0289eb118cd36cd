import Foundation
import TensorIO

/// A Hugging Face LLaMA checkpoint folder: `config.json` and `model.safetensors` (float32, the
/// state-dict names of ``LlamaParameters``), as `LlamaForCausalLM.from_pretrained` loads it.
/// Refuses to write non-finite weights; every file is written atomically.
public enum LlamaCheckpoint {
    /// Writes `config.json` and `model.safetensors` into `directory` (created if missing).
    public static func write(_ parameters: LlamaParameters, to directory: URL, metadata: [String: String] = [:]) throws(SimulationError) {
        if let bad = parameters.values.firstIndex(where: { !$0.isFinite }) {
            let e = parameters.entries.last { $0.offset <= bad }!
            throw .io("\(directory.path): refusing to write tensor '\(e.name)': element \(bad - e.offset) is \(parameters.values[bad])")
        }
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw .io("\(directory.path): cannot create the folder: \(error.localizedDescription)")
        }
        do {
            var json = parameters.config.huggingFaceJSON
            json["rope_parameters"] = ["rope_theta": parameters.config.ropeTheta, "rope_type": "default"]
            let data = try JSONSerialization.data(withJSONObject: json, options: [.prettyPrinted, .sortedKeys])
            try AtomicFile.write(data, to: directory.appendingPathComponent("config.json"))
            let url = directory.appendingPathComponent("model.safetensors")
            let infos = parameters.entries.map { TensorInfo(name: $0.name, dtype: .f32, shape: $0.shape) }
            var meta = metadata
            meta["format"] = "pt"
            let writer = try SafetensorsWriter(url: url, entries: infos, metadata: meta, overwrite: true)
            try parameters.values.withUnsafeBufferPointer { (p) throws(TensorIOError) in try writer.write(p) }
            try writer.finish()
        } catch let e as TensorIOError {
            throw .io(e.description)
        } catch {
            throw .io("\(directory.path): \(error.localizedDescription)")
        }
    }

    /// Reads a folder written by ``write(_:to:metadata:)`` or by transformers' `save_pretrained`
    /// (float32 safetensors; a tied head may be absent from the file).
    public static func read(_ directory: URL) throws(SimulationError) -> LlamaParameters {
        let configURL = directory.appendingPathComponent("config.json")
        guard let data = FileManager.default.contents(atPath: configURL.path) else { throw .io("\(configURL.path): cannot read the file") }
        let config = try LlamaConfig(huggingFaceJSON: data, file: configURL.path)
        return try read(weights: directory.appendingPathComponent("model.safetensors"), config: config)
    }

    /// Reads every parameter of `config` from one safetensors file, checking each shape.
    public static func read(weights url: URL, config: LlamaConfig) throws(SimulationError) -> LlamaParameters {
        var parameters = LlamaParameters(config: config)
        do {
            let file = try SafetensorsFile(url: url)
            for e in parameters.entries {
                guard let info = file.info(e.name) else { throw SimulationError.io("\(url.path): tensor '\(e.name)' is missing") }
                guard info.shape == e.shape else {
                    let at = file.location(of: e.name).map { " at byte \($0)" } ?? ""
                    throw SimulationError.io("\(url.path): tensor '\(e.name)'\(at) has shape \(info.shape), the config needs \(e.shape)")
                }
                try parameters.setTensor(e.name, file.values(e.name, as: Float.self))
            }
        } catch let e as SimulationError {
            throw e
        } catch let e as TensorIOError {
            throw .io(e.description)
        } catch {
            throw .io("\(url.path): \(error)")
        }
        return parameters
    }
}
