import Analysis

/// A metric of one analysed tensor: its declaration and how it is read from the typed
/// ``TensorReport`` (nil when the report does not carry it, e.g. a part that did not run).
///
/// Its name is the dotted path of the report's JSON key (`ks.p_value`, `heavy_tail.bootstrap.alpha_se`);
/// the catalogue test checks, on real reports, that the names and values equal those of the JSON
/// walk, so renaming a report key without the catalogue fails a test.
package struct TensorMetric: Sendable {
    package var metric: Metric
    /// The analysis parts that must be on for the report to carry it (all of them).
    package var needs: [AnalysisPart]
    package var read: @Sendable (TensorReport) -> Double?

    package init(_ name: String, _ unit: String, _ doc: String, needs: [AnalysisPart] = [], read: @escaping @Sendable (TensorReport) -> Double?) {
        let source = needs.isEmpty ? "analysis" : "analysis (" + needs.map(\.rawValue).joined(separator: ", ") + ")"
        metric = Metric(name, unit, doc, scope: .tensor, source: source)
        self.needs = needs
        self.read = read
    }

    /// Whether the analysis produces it with these options.
    package func isProduced(with options: AnalysisOptions) -> Bool { needs.allSatisfy { $0.isOn(in: options) } }
}
