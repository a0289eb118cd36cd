import Simulation

/// The model part of a `drift:` experiment as read (ScenarioLoader+Drift.swift): a preset and its
/// width, an explicit list of matrices, or `layers` × `shape`; the fields not given keep these values.
struct DriftModel {
    var preset: ModelPreset?
    var explicit: [LayerSpec]?
    var width = 1.0
    var layers = 12
    var shape = [256, 256]

    /// The matrices of a preset or an explicit list; nil for `layers` × `shape`.
    var matrices: [LayerSpec]? { explicit ?? preset.map { $0.layers(width: width, layers: layers) } }
}
