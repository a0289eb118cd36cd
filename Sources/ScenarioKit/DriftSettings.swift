import Distributions
import Foundation
import Simulation
import TensorIO

/// The `drift:` experiment, its laws and schedules parsed once at load time.
public struct DriftSettings: Sendable, Equatable {
    public var layers: Int
    public var shape: [Int]
    /// A model preset name (bert-base, minilm, llama-7b, vit-b16) instead of layers × shape.
    public var preset: String?
    /// An explicit list of weight matrices (`model: {layers: [{name, shape, depth, module}, …]}`).
    public var explicitLayers: [LayerSpec]?
    public var width: Double
    public var pretrained: ScenarioLaw
    public var sigma0: DepthSchedule
    public var delta: ScenarioLaw
    public var sigmaDelta: DepthSchedule
    public var scale: DepthSchedule
    public var moduleMultipliers: [ModuleKind: Double]
    /// Pre-trained weights from a safetensors/.npy file or checkpoint folder instead of a law: each
    /// matrix is the tensor named like it (`NAME` or `NAME.weight`), of the same shape.
    public var pretrainedFile: String?
    /// A low-rank ΔW: its rank by depth (`delta_rank`), A and B drawn from the delta law.
    public var deltaRank: DepthSchedule?


    /// The drift these settings describe.
    func make() throws -> AdditiveDrift {
        var drift: AdditiveDrift
        if let model = explicitLayers ?? preset.flatMap(ModelPreset.init(rawValue:)).map({ $0.layers(width: width, layers: layers) }) {
            drift = try AdditiveDrift(model: model, pretrained: pretrained.distribution, sigma0: sigma0, delta: delta.distribution,
                                      sigmaDelta: sigmaDelta, scale: scale, moduleMultipliers: moduleMultipliers)
        } else {
            drift = try AdditiveDrift(layers: layers, shape: shape, pretrained: pretrained.distribution, sigma0: sigma0,
                                      delta: delta.distribution, sigmaDelta: sigmaDelta)
            drift.scale = scale
            drift.moduleMultipliers = moduleMultipliers
        }
        if let deltaRank { try drift.setDeltaRank(deltaRank) }
        return drift
    }

    /// Opens `pretrainedFile` and finds, for every matrix of `drift`, the tensor it starts from.
    /// - Returns: nil without a file; else the checkpoint and each matrix's tensor name.
    /// - Throws: a message naming the file, the tensor and both shapes when they disagree.
    func pretrainedTensors(for drift: AdditiveDrift) throws(TensorIOError) -> (Checkpoint, [String])? {
        guard let pretrainedFile else { return nil }
        let checkpoint = try Checkpoint(url: URL(fileURLWithPath: pretrainedFile))
        var names: [String] = []
        for spec in drift.matrices {
            guard let entry = checkpoint.entry(spec.name) ?? checkpoint.entry(spec.name + ".weight") else {
                throw .noSuchTensor(file: pretrainedFile, tensor: spec.name)
            }
            guard entry.info.shape == spec.shape else {
                throw .badShape(file: pretrainedFile, tensor: entry.info.name,
                                reason: "shape \(entry.info.shape.map(String.init).joined(separator: "x")) in the file, \(spec.shape.map(String.init).joined(separator: "x")) in the model")
            }
            names.append(entry.info.name)
        }
        return (checkpoint, names)
    }
}
