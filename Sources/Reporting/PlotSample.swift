import ScenarioKit

/// A tensor whose values a figure draws (histograms, Q–Q, spectra, filters, Weibull), with the
/// case it came from.
package struct PlotSample: Sendable {
    /// The scenario case's label; nil for a tensor of an analysed file.
    package var caseLabel: String?
    package var tensor: GeneratedTensor

    package init(caseLabel: String? = nil, tensor: GeneratedTensor) {
        self.caseLabel = caseLabel
        self.tensor = tensor
    }

    /// Tensor names that say nothing beyond the case (`tensors.0`, `delta`, `_`).
    static let genericNames: Set<String> = ["tensors.0", "delta", "_", "weight"]

    /// Panel titles that tell the samples apart: the case label when every sample is the same
    /// tensor of a different case (with the tensor's name when it says something), the tensor
    /// name when all share one case, both otherwise.
    static func titles(_ samples: [PlotSample]) -> [String] {
        let names = Set(samples.map(\.tensor.name)), cases = Set(samples.map { $0.caseLabel ?? "" })
        return samples.map { s in
            guard let c = s.caseLabel, c != "all" else { return s.tensor.name }
            if names.count == 1 && samples.count > 1 { return genericNames.contains(s.tensor.name) ? c : "\(c): \(s.tensor.name)" }
            if cases.count == 1 && samples.count > 1 { return s.tensor.name }
            return genericNames.contains(s.tensor.name) ? c : "\(c): \(s.tensor.name)"
        }
    }
}
