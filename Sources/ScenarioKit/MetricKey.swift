import MonteCarlo

/// The name of one per-replicate number: which case, which tensor, which quantity.
///
/// Runs carry it typed from the replicate that produces it to the claims, summaries and CSV
/// that read it; only the checkpoint line holds it as text, `case|tensor|quantity` (`|` never
/// occurs in case labels, tensor names or report keys; the loader and the experiments
/// guarantee it), through ``MonteCarlo/MetricName``.
public struct MetricKey: MetricName, Comparable {
    /// Index of the case in the scenario.
    public var caseIndex: Int
    /// Tensor name, or `_` for quantities of the whole experiment (losses, merge distances).
    public var tensor: String
    /// Report key, e.g. `excess_kurtosis`, `ks.p_value`, `spectrum.spikes`.
    public var quantity: String

    public init(caseIndex: Int, tensor: String, quantity: String) {
        self.caseIndex = caseIndex
        self.tensor = tensor
        self.quantity = quantity
    }

    /// The tensor name used for experiment-wide quantities.
    public static let experimentTensor = "_"

    public var description: String { "\(caseIndex)|\(tensor)|\(quantity)" }

    /// Parses the encoded form (a checkpoint's name).
    public init?(_ text: String) {
        let parts = text.split(separator: "|", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, let c = Int(parts[0]) else { return nil }
        self.init(caseIndex: c, tensor: String(parts[1]), quantity: String(parts[2]))
    }

    public static func < (a: MetricKey, b: MetricKey) -> Bool {
        (a.caseIndex, a.tensor, a.quantity) < (b.caseIndex, b.tensor, b.quantity)
    }
}
