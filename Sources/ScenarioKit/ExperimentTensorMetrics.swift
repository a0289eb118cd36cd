/// Quantities an experiment attaches to (some of) its tensors beside the analysis, declared once;
/// the runner emits them through these.
enum ExperimentTensorMetrics {
    private static func m(_ name: String, _ unit: String, _ doc: String, _ source: String) -> Metric {
        Metric(name, unit, doc, scope: .tensor, source: source)
    }

    static let scheduleStd = m("schedule_std", "weight", "the std the depth schedule sets: σ₀ (pretrained), σ_Δ (delta), √(s²σ₀² + σ_Δ²) (finetuned)", "drift")
    static let stdRatio = m("std_ratio", "", "measured std / schedule_std", "drift")
    static let rank = m("rank", "rank", "rank of the layer's update", "low_rank (with layers)")
    static let noiseScale = m("noise_scale", "weight", "fitted noise scale of the layer's ΔW", "train (adapter: noise)")
    static let displacement = m("displacement", "", "‖W_end − W_start‖/‖W_start‖ of the matrix over the phase that produced it", "train (llama)")
    static let analysisFailed = m("analysis_failed", "0/1", "1 when the analysis of the tensor failed (its other metrics are then absent)", "run")

    static let all = [scheduleStd, stdRatio, rank, noiseScale, displacement, analysisFailed]
}
