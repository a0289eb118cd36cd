import Simulation

/// The model part of a `drift:` experiment as read (ScenarioLoader+Drift.swift): a preset and its
/// width, an explicit list of matrices, or `layers` × `shape`; the fields not given keep these values.
struct DriftModel {
    var preset: String?
    var explicit: [LayerSpec]?
    var width = 1.0
    var layers = 12
    var shape = [256, 256]
}
