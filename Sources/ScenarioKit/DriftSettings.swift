import Simulation

/// The `drift:` experiment as written.
public struct DriftSettings: Sendable, Equatable {
    public var layers: Int
    public var shape: [Int]
    /// A model preset name (bert-base, minilm, llama-7b, vit-b16) instead of layers × shape.
    public var preset: String?
    /// An explicit list of weight matrices (`model: {layers: [{name, shape, depth, module}, …]}`).
    public var explicitLayers: [LayerSpec]?
    public var width: Double
    public var pretrained: String
    public var sigma0: DepthSchedule
    public var delta: String
    public var sigmaDelta: DepthSchedule
    public var scale: DepthSchedule
    public var moduleMultipliers: [String: Double]

    static let keys = ["layers", "shape", "model", "pretrained", "sigma0", "delta", "sigma_delta", "scale", "module_multipliers"]
}
