import TensorIO

/// Layer index and module kind read from a tensor's name, for grouping results by depth and module.
///
/// Depth: the number after `layers.`, `layer.`, `h.`, `blocks.`, `block.`, `blk.` (GGUF), `encoder.layer.`,
/// `decoder.layers.` (e.g. `model.layers.12.self_attn.q_proj.weight` → 12).
/// Kind: q/k/v/o projections, fused qkv, MLP up/down/gate (incl. fc1/fc2, BERT's
/// intermediate/output dense, GPT-NeoX's dense_h_to_4h/dense_4h_to_h, T5's wi/wo, llama.cpp's GGUF names
/// attn_q/attn_k/attn_v/attn_output/attn_qkv, ffn_gate/ffn_up/ffn_down, token_embd), embedding, norm, other.
/// The attention output is "o" where the name makes it unambiguous: `o_proj` anywhere, and
/// `out_proj`, `wo`, `c_proj`, `proj`, `dense` or `o` inside an attention block (a part containing
/// `attn` or `attention`: `self_attn.out_proj`, `attn.proj`, `attention.dense`,
/// `attention.output.dense`, `SelfAttention.o`); elsewhere `out_proj` (e.g. a Mamba mixer's) is "other".
public struct TensorName: Sendable, Codable, Equatable {
    public var depth: Int?
    public var module: ModuleKind

    public init(_ name: String) {
        let parts = name.lowercased().split(separator: ".").map(String.init)
        var depth: Int?
        for (i, p) in parts.enumerated() where i + 1 < parts.count {
            if ["layers", "layer", "h", "blocks", "block", "blk"].contains(p), let d = Int(parts[i + 1]) {
                depth = d
                break
            }
        }
        self.depth = depth
        module = TensorName.kind(parts)
    }

    static func kind(_ parts: [String]) -> ModuleKind {
        let joined = parts.joined(separator: ".")
        func has(_ keys: String...) -> Bool { keys.contains { k in parts.contains(k) } }
        let attention = parts.contains { $0.contains("attn") || $0.contains("attention") }
        if joined.contains("norm") || has("ln_1", "ln_2", "ln_f", "ln") { return .norm }
        if joined.contains("embed") || has("wte", "wpe", "patch_embed", "cls_token", "pos_embed", "token_embd") { return .embedding }
        if has("q_proj", "query", "wq", "q", "attn_q") { return .q }
        if has("k_proj", "key", "wk", "k", "attn_k") { return .k }
        if has("v_proj", "value", "wv", "v", "attn_v") { return .v }
        if has("o_proj", "attn_output") || (attention && has("out_proj", "wo", "c_proj", "proj", "dense", "o")) { return .o }
        if has("qkv", "wqkv", "c_attn", "in_proj_weight", "query_key_value", "attn_qkv") { return .qkv }
        if has("gate_proj", "w1", "ffn_gate") { return .gate }
        if has("up_proj", "w3", "wi", "fc1", "c_fc", "dense_h_to_4h", "ffn_up") || joined.contains("intermediate.dense") { return .up }
        if has("down_proj", "w2", "wo", "fc2", "c_proj", "dense_4h_to_h", "ffn_down") || joined.contains("output.dense") { return .down }
        return .other
    }
}
