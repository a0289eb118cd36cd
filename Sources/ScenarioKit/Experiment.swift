/// What one replicate of a case generates; each kind produces named tensors (with depth where it
/// applies) that the analyses then measure, and may add quantities of its own.
public enum Experiment: Sendable, Equatable {
    /// Draw `tensors` matrices of `shape` from `law` (a spec).
    case sample(law: String, shape: [Int], tensors: Int)
    /// Analyse the tensors of a checkpoint given on the command line (`--input`).
    case checkpoint(tensors: String?)

    /// The YAML key of the kind.
    public var kind: String {
        switch self {
        case .sample: return "sample"
        case .checkpoint: return "checkpoint"
        }
    }

    static let kinds = ["sample", "checkpoint"]
}
