import Analysis

/// Every metric a scenario claim can test, declared once (``Metric``): the tensor analysis's
/// (``TensorMetric``, read from the typed ``TensorReport``), those experiments attach to tensors
/// (``ExperimentTensorMetrics``) and the experiment-wide quantities of each kind (``TrainMetrics``,
/// ``LlamaMetrics``, ``MergeMetrics``, ``SigmaGapMetrics``). A new metric goes into one of these
/// lists; validation, hints, the schema and the listings follow.
package enum MetricCatalogue {
    /// The metrics of an analysed tensor, in catalogue order.
    package static let tensor: [TensorMetric] = moments + normality + fits + spectrum + heavyTail + iid + filters

    /// Every declared metric: the analysis's, then what experiments attach to tensors, then the
    /// experiment-wide quantities.
    package static let all: [Metric] = tensor.map(\.metric) + ExperimentTensorMetrics.all
        + TrainMetrics.all + LlamaMetrics.all + MergeMetrics.all + SigmaGapMetrics.all

    /// The report's metrics by name, sorted: each declared tensor metric the report carries.
    package static func values(of report: TensorReport) -> [(String, Double)] {
        tensor.compactMap { m in m.read(report).map { (m.metric.name, $0) } }.sorted { $0.0 < $1.0 }
    }

    /// The names of the tensor metrics the analysis produces with these options.
    package static func analysisNames(options: AnalysisOptions) -> Set<String> {
        Set(tensor.filter { $0.isProduced(with: options) }.map(\.metric.name))
    }

    /// Quantities named by a library (``TaskMerging``, ``SigmaGapStudy``), checked against the
    /// names declared for them: an undeclared one is an error, not a metric no claim can find.
    static func checked(_ quantities: [(String, Double)], against declared: [String], kind: String) throws(ScenarioError) -> [(String, Double)] {
        let known = Set(declared)
        for (name, _) in quantities where !known.contains(name) {
            throw ScenarioError(file: "", message: "the \(kind) experiment produced '\(name)', which the metric catalogue does not declare")
        }
        return quantities
    }
}
