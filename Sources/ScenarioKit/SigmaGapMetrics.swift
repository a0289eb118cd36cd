/// The quantities of a `sigma_gap:` experiment (``SigmaGapStudy``, which names them); the runner
/// checks every name it receives against these.
enum SigmaGapMetrics {
    private static func m(_ name: String, _ unit: String, _ doc: String) -> Metric {
        Metric(name, unit, doc, scope: .experiment, source: "sigma_gap")
    }

    static let all = [
        m("sigma_gap", "weight", "std(W* + δ) − std(W*), the σ gap of the student"),
        m("sigma_gap_theory", "weight", "σ*(√(1 + g²) − 1), the σ gap in closed form (g: the relative gap)"),
        m("sigma_gap_ratio", "", "sigma_gap / sigma_gap_theory"),
        m("loss_gap", "loss", "‖δx‖²/rows averaged over test_size fresh inputs x ~ N(0, I)"),
        m("loss_gap_theory", "loss", "g²σ*²·columns, the loss gap in closed form"),
        m("loss_gap_ratio", "", "loss_gap / loss_gap_theory"),
    ]

    static var names: [String] { all.map(\.name) }
}
