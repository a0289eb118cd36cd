import Distributions
import Simulation

/// What one replicate of a case generates; each kind produces named tensors (with depth where it
/// applies) that the analyses then measure, and may add quantities of its own.
public enum Experiment: Sendable, Equatable {
    /// Draw `tensors` matrices of `shape` from `law` (a spec), named `tensors.{i}`; with a rank r,
    /// each is B·A/(√r·σ) with B (rows×r) and A (r×columns) drawn from the law (σ its std), a
    /// rank-r matrix whose entries have the law's variance.
    case sample(law: ParsedLaw, shape: [Int], tensors: Int, rank: Int?)
    /// Analyse the tensors of a checkpoint given on the command line (`--input`): those whose
    /// names match `tensors`, and with `matrices` only those of two or more dimensions.
    case checkpoint(tensors: String?, matrices: Bool)
    /// Additive drift over depth: `layers.{l}.pretrained`, `layers.{l}.delta`, `layers.{l}.finetuned`;
    /// with `pretrainedFile` (resolved against the scenario's folder) W0 is read from that file
    /// (``AdditiveDrift/pretrainedTensors(in:)``) instead of drawn.
    case drift(AdditiveDrift, pretrainedFile: String?)
    /// LoRA-style updates ΔW = (α/r)·B·A of `shape`: one named `delta`, or with `layers:`
    /// (`perLayer`) one per layer, `layers.{l}.delta`, each with its own rank (a depth schedule).
    case lowRank(shape: [Int], updates: [LowRankUpdate], perLayer: Bool)
    /// Merging K task vectors over a shared W* (quantities only).
    case merge(TaskMerging)
    /// Trained fine-tuning of a student network: `layers.{l}.delta`, `.pretrained`, `.finetuned`.
    case train(TrainedFineTuning)
    /// `train:` with `architecture: llama`: a small LLaMA initialised, pretrained and fine-tuned;
    /// `layers.{l}.{q,k,v,o,gate,up,down}.{ROLE}` for each ROLE of `outputs`
    /// (init, pretrained, delta, finetuned) and losses. Each replicate runs it with one thread.
    case llama(LlamaTwoPhase, outputs: [String])
    /// The σ gap against the loss gap of a student W* + δ (quantities only).
    case sigmaGap(SigmaGapStudy)

    /// The YAML key of the kind.
    public var kind: String {
        switch self {
        case .sample: return "sample"
        case .checkpoint: return "checkpoint"
        case .drift: return "drift"
        case .lowRank: return "low_rank"
        case .merge: return "merge"
        case .train, .llama: return "train"
        case .sigmaGap: return "sigma_gap"
        }
    }
}
