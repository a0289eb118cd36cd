import Simulation

/// The quantities of a `merge:` experiment (``TaskMerging``, which names them); `{method}` is
/// one of ``TaskMerging/methods``. The runner checks every name it receives against these
/// (``MetricCatalogue/checked(_:against:kind:)``), so an undeclared one fails the run and its tests.
///
/// ```
/// {method}.distance = ‖W_base + τ_method − W*‖_F / ‖W*‖_F    (τ_method: the merged task vector)
/// ```
enum MergeMetrics {
    private static func m(_ name: String, _ unit: String, _ doc: String) -> Metric {
        Metric(name, unit, doc, scope: .experiment, source: "merge")
    }

    static let all = [
        m("noise_shrinkage_ratio", "", "rms(mean of the K task vectors)·√K / task_sigma (≈ 1)"),
        m("{method}.distance", "", "‖W_base + τ_method − W*‖_F / ‖W*‖_F, τ_method the merged task vector"),
        m("{method}.teacher_loss", "loss", "‖W_base + τ_method − W*‖²_F / rows, the teacher loss of the merged weights"),
        m("{method}.rank", "rank", "rank of the method by distance (1: closest to W*)"),
        m("average.distance_over_theory", "", "average.distance / (task_sigma/(√K·rms(W*)))"),
        m("ties.relative_to_average", "", "ties.distance / average.distance"),
        m("amplify.relative_to_average", "", "amplify.distance / average.distance"),
        m("base.distance", "", "‖W_base − W*‖_F / ‖W*‖_F of the shared base"),
    ]

    static var names: [String] { all.flatMap { $0.expanded(["method": TaskMerging.methods]) } }
}
