import Simulation

/// The tensors a LLaMA `train:` experiment outputs, block by block:
/// `layers.{l}.{q,k,v,o,gate,up,down}.{init,pretrained,delta,finetuned}` (delta = F − P).
extension LlamaTwoPhase {
    /// Every role a block matrix can be output under (`outputs:` chooses among them).
    static let roles = ["init", "pretrained", "delta", "finetuned"]
    /// Short names of the block matrices, in Hugging Face's order, and their module kinds.
    static let matrices: [(short: String, kind: String)] = [("q", "q_proj"), ("k", "k_proj"), ("v", "v_proj"), ("o", "o_proj"),
                                                            ("gate", "gate_proj"), ("up", "up_proj"), ("down", "down_proj")]

    /// The name of block `l`'s matrix `short` in role `role`: `layers.{l}.{short}.{role}`.
    static func tensorName(layer l: Int, _ short: String, _ role: String) -> String { "layers.\(l).\(short).\(role)" }

    /// A tensor a replicate outputs: block `layer`'s matrix `short` (module `kind`) in `role`.
    struct Slot: Sendable, Equatable {
        var name: String
        var layer: Int
        var kind: String
        var role: String
        /// The Hugging Face name of the matrix.
        var weightName: String { "model.layers.\(layer).\(["q_proj", "k_proj", "v_proj", "o_proj"].contains(kind) ? "self_attn" : "mlp").\(kind).weight" }
    }

    /// The tensors of one replicate in the roles `outputs`, block by block and matrix by matrix:
    /// `init` and `pretrained` of every matrix, `delta` and `finetuned` of the matrices the
    /// fine-tuning moves.
    func slots(outputs: [String]) -> [Slot] {
        let moved = Set(adaptedShorts)
        var out: [Slot] = []
        for l in 0..<config.layers {
            for (short, kind) in Self.matrices {
                for role in outputs where role == "init" || role == "pretrained" || moved.contains(short) {
                    out.append(Slot(name: Self.tensorName(layer: l, short, role), layer: l, kind: kind, role: role))
                }
            }
        }
        return out
    }

    /// The LoRA rank, when fine-tuning through LoRA.
    var loraRank: Int? { if case let .lora(r, _) = finetuneMode { return r } else { return nil } }

    /// The matrices the fine-tuning moves (all under full fine-tuning).
    var adaptedShorts: [String] {
        guard finetuneMode != .full else { return Self.matrices.map(\.short) }
        let kinds = finetuneModules.isEmpty ? Set(Self.matrices.map(\.kind)) : finetuneModules
        return Self.matrices.filter { kinds.contains($0.kind) }.map(\.short)
    }
}
