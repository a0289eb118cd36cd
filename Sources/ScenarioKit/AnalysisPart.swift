import Analysis

/// A part of the tensor analysis that a scenario's `analysis:` block can switch off; a tensor
/// metric that needs one is produced only when it is on.
package enum AnalysisPart: String, Sendable, CaseIterable {
    case normality, fits, spectrum, iid, filters
    /// WeightWatcher's metrics (always on in scenarios; ``AnalysisOptions/heavyTail``).
    case heavyTail = "heavy_tail"

    package func isOn(in o: AnalysisOptions) -> Bool {
        switch self {
        case .normality: return o.normality
        case .fits: return o.fits
        case .spectrum: return o.spectrum
        case .iid: return o.iid
        case .filters: return o.filters
        case .heavyTail: return o.heavyTail
        }
    }
}
