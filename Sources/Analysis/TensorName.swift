/// Layer index and module kind read from a tensor's name, for grouping results by depth and module.
///
/// Depth: the number after `layers.`, `layer.`, `h.`, `blocks.`, `block.`, `encoder.layer.`,
/// `decoder.layers.` (e.g. `model.layers.12.self_attn.q_proj.weight` → 12).
/// Kind: q/k/v/o projections, MLP up/down/gate (incl. fc1/fc2 and BERT's intermediate/output
/// dense), embedding, norm, other.
public struct TensorName: Sendable, Codable, Equatable {
    public var depth: Int?
    public var module: String

    public init(_ name: String) {
        let parts = name.lowercased().split(separator: ".").map(String.init)
        var depth: Int?
        for (i, p) in parts.enumerated() where i + 1 < parts.count {
            if ["layers", "layer", "h", "blocks", "block"].contains(p), let d = Int(parts[i + 1]) {
                depth = d
                break
            }
        }
        self.depth = depth
        module = TensorName.kind(parts)
    }

    static func kind(_ parts: [String]) -> String {
        let joined = parts.joined(separator: ".")
        func has(_ keys: String...) -> Bool { keys.contains { k in parts.contains(k) } }
        if joined.contains("norm") || has("ln_1", "ln_2", "ln_f", "ln") { return "norm" }
        if joined.contains("embed") || has("wte", "wpe", "patch_embed", "cls_token", "pos_embed") { return "embedding" }
        if has("q_proj", "query", "wq", "q") { return "q" }
        if has("k_proj", "key", "wk", "k") { return "k" }
        if has("v_proj", "value", "wv", "v") { return "v" }
        if has("o_proj", "out_proj", "wo", "c_proj") && joined.contains("attn") { return "o" }
        if joined.contains("attention.output.dense") { return "o" }
        if has("gate_proj", "w1") && !joined.contains("attn") { return "gate" }
        if has("up_proj", "w3", "fc1", "c_fc") || joined.contains("intermediate.dense") { return "up" }
        if has("down_proj", "w2", "fc2") || (joined.contains("output.dense") && !joined.contains("attention")) { return "down" }
        if has("c_proj") { return "down" }
        if has("qkv", "c_attn", "in_proj_weight") { return "qkv" }
        return "other"
    }
}
