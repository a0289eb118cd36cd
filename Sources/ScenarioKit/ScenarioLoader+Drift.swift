import Distributions
import Foundation
import Simulation
import TensorIO

/// The `drift:` experiment: the model (layers × shape, a preset or an explicit list), the laws and
/// depth schedules, or pre-trained weights from a file checked against the model at load time.
extension ScenarioLoader {
    /// The model part of a drift, from `model:` (a preset or an explicit list) or layers × shape.
    static func parseDriftModel(_ body: YAMLReader, _ kind: ExperimentKind) throws(ScenarioError) -> DriftModel {
        var m = DriftModel()
        guard let model = try body.optional("model") else {
            m.layers = try positiveInt(body, "layers", of: kind)
            m.shape = try parseShape(try body.require("shape"))
            return m
        }
        let hasLayers = try body.optional("layers") != nil, hasShape = try body.optional("shape") != nil
        if hasLayers || hasShape { throw model.error("give either model or layers and shape, not both") }
        if let list = try model.optional("layers"), list.isSequence {
            // An explicit model: every matrix with its name, shape, layer index and module.
            try model.checkKeys(["layers"])
            let explicit = try parseLayerList(list)
            m.explicit = explicit
            m.layers = explicit.map(\.depth).max()! + 1
            return m
        }
        try model.checkKeys(["preset", "width", "layers"])
        let p = try model.require("preset")
        let preset = try p.string()
        guard let chosen = ModelPreset(rawValue: preset) else {
            let names = ModelPreset.allCases.map(\.rawValue)
            let hint = Suggestion.closest(to: preset, among: names).map { " (did you mean '\($0)'?)" } ?? ""
            throw p.error("unknown preset '\(preset)'\(hint); one of \(names.joined(separator: ", "))")
        }
        m.preset = chosen
        if let w = try model.optional("width") {
            m.width = try w.double()
            guard m.width > 0, m.width <= 4 else { throw w.error("width must be in (0, 4], got \(m.width)") }
        }
        m.layers = try positiveInt(model, "layers", default: chosen.layers().map(\.depth).max()! + 1)
        return m
    }

    static func parseDrift(_ body: YAMLReader, _ kind: ExperimentKind) throws(ScenarioError) -> Experiment {
        try body.checkKeys(kind.keys)
        let m = try parseDriftModel(body, kind)
        let layers = m.layers
        // Pre-trained weights come from a law with a σ0 schedule, or from a file.
        var pretrainedFile: String?
        if let f = try body.optional("pretrained_file") {
            for k in ["pretrained", "sigma0"] where try body.optional(k) != nil {
                throw try body.require(k).error("'\(k)' does not apply with pretrained_file (the file gives the pre-trained weights)")
            }
            let relative = try f.string()
            pretrainedFile = URL(fileURLWithPath: relative, relativeTo: URL(fileURLWithPath: body.file).deletingLastPathComponent()).path
        }
        let pretrained = try law(body, "pretrained", of: kind)
        let delta = try law(body, "delta", of: kind)
        let sigma0 = pretrainedFile != nil ? .constant(1) : try parseSchedule(try body.require("sigma0"), layers: layers)
        let sigmaDelta = try parseSchedule(try body.require("sigma_delta"), layers: layers)
        let scale = try parseSchedule(try requiredField(body, "scale", of: kind), layers: layers)
        var multipliers: [ModuleKind: Double] = [:]
        if let node = try body.optional("module_multipliers") {
            for k in try node.keys() {
                let v = try node.require(k)
                let m = try v.double()
                multipliers[ModuleKind(rawValue: k)] = m
                guard m > 0 else { throw v.error("must be > 0") }
            }
        }
        let deltaRank = try body.optional("delta_rank").map { (n) throws(ScenarioError) in try parseSchedule(n, layers: layers) }
        let drift = try build(body, kind) { () throws(SimulationError) in
            var drift: AdditiveDrift
            if let matrices = m.matrices {
                drift = try AdditiveDrift(model: matrices, pretrained: pretrained, sigma0: sigma0, delta: delta, sigmaDelta: sigmaDelta,
                                          scale: scale, moduleMultipliers: multipliers)
            } else {
                drift = try AdditiveDrift(layers: layers, shape: m.shape, pretrained: pretrained, sigma0: sigma0, delta: delta, sigmaDelta: sigmaDelta)
                drift.scale = scale
                drift.moduleMultipliers = multipliers
            }
            if let deltaRank { try drift.setDeltaRank(deltaRank) }
            return drift
        }
        // The file must hold every matrix, with the model's shapes: checked now, not mid-run.
        if let pretrainedFile {
            do { _ = try drift.pretrainedTensors(in: pretrainedFile) } catch { throw try body.require("pretrained_file").error(error) }
        }
        return .drift(drift, pretrainedFile: pretrainedFile)
    }
}
