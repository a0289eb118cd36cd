/// The dimensions of a transformer in one of three Hugging Face families, enough to list every
/// tensor of its checkpoint (``tensors()``) and write its `config.json` (``configJSON(dtype:)``).
///
/// ```
/// llama   LlamaForCausalLM              embed V×H; per layer q (h·d)×H, k, v (h_kv·d)×H, o H×(h·d),
///                                       gate, up I×H, down H×I, 2 RMSNorm scales H; norm H; lm_head V×H
/// bert    BertModel                     word V×H, position P×H, token type T×H, LayerNorm; per layer
///                                       query/key/value/output H×H, intermediate I×H, output H×I (with
///                                       biases), 2 LayerNorms; pooler H×H
/// vit     ViTForImageClassification     cls 1×1×H, position 1×(N+1)×H, patch H×C×p×p; per layer as
///                                       bert with layernorm_before/after; layernorm; classifier K×H
/// ```
/// Buffers that are not weights (BERT's `position_ids`) are left out.
public struct ModelArchitecture: Sendable, Equatable {
    public enum Family: String, Sendable, CaseIterable {
        case llama, bert, vit
    }

    public var family: Family
    public var layers: Int
    public var hidden: Int
    public var intermediate: Int
    public var heads: Int
    /// Key/value heads (grouped-query attention); equals `heads` without it.
    public var kvHeads: Int
    public var headDim: Int
    /// Vocabulary (llama, bert) or classes (vit).
    public var vocab: Int
    /// Positions (llama, bert).
    public var positions: Int
    /// Token types (bert).
    public var typeVocab: Int
    public var tieWordEmbeddings = false
    /// Image side and patch side in pixels, and colour channels (vit).
    public var imageSize = 224, patchSize = 16, channels = 3

    public init(family: Family, layers: Int, hidden: Int, intermediate: Int, heads: Int, kvHeads: Int? = nil, headDim: Int? = nil,
                vocab: Int, positions: Int, typeVocab: Int = 2, tieWordEmbeddings: Bool = false) {
        self.family = family
        self.layers = layers
        self.hidden = hidden
        self.intermediate = intermediate
        self.heads = heads
        self.kvHeads = kvHeads ?? heads
        self.headDim = headDim ?? max(1, hidden / max(1, heads))
        self.vocab = vocab
        self.positions = positions
        self.typeVocab = typeVocab
        self.tieWordEmbeddings = tieWordEmbeddings
    }

    /// What a tensor is, for the law it is drawn from.
    public enum Role: String, Sendable {
        /// A weight matrix, embedding or patch kernel: the weight law, σ from the depth schedule.
        case weight
        /// A norm's scale (RMSNorm, LayerNorm): ones by default.
        case norm
        /// A bias: zeros by default.
        case bias
    }

    /// One tensor of the checkpoint.
    public struct Tensor: Sendable, Equatable {
        public var name: String
        public var shape: [Int]
        public var role: Role
        /// The layer index, nil for tensors outside the layer stack.
        public var depth: Int?

        public var count: Int { shape.reduce(1, *) }
    }

    /// Every tensor, in the order of the model's `state_dict`.
    public func tensors() -> [Tensor] {
        switch family {
        case .llama: return llamaTensors()
        case .bert: return bertTensors()
        case .vit: return vitTensors()
        }
    }

    private func llamaTensors() -> [Tensor] {
        let (h, q, kv) = (hidden, heads * headDim, kvHeads * headDim)
        var out = [Tensor(name: "model.embed_tokens.weight", shape: [vocab, h], role: .weight)]
        for l in 0..<layers {
            let p = "model.layers.\(l)."
            out += [
                Tensor(name: p + "self_attn.q_proj.weight", shape: [q, h], role: .weight, depth: l),
                Tensor(name: p + "self_attn.k_proj.weight", shape: [kv, h], role: .weight, depth: l),
                Tensor(name: p + "self_attn.v_proj.weight", shape: [kv, h], role: .weight, depth: l),
                Tensor(name: p + "self_attn.o_proj.weight", shape: [h, q], role: .weight, depth: l),
                Tensor(name: p + "mlp.gate_proj.weight", shape: [intermediate, h], role: .weight, depth: l),
                Tensor(name: p + "mlp.up_proj.weight", shape: [intermediate, h], role: .weight, depth: l),
                Tensor(name: p + "mlp.down_proj.weight", shape: [h, intermediate], role: .weight, depth: l),
                Tensor(name: p + "input_layernorm.weight", shape: [h], role: .norm, depth: l),
                Tensor(name: p + "post_attention_layernorm.weight", shape: [h], role: .norm, depth: l),
            ]
        }
        out.append(Tensor(name: "model.norm.weight", shape: [h], role: .norm))
        if !tieWordEmbeddings { out.append(Tensor(name: "lm_head.weight", shape: [vocab, h], role: .weight)) }
        return out
    }

    /// A dense layer's weight and bias; a LayerNorm's weight and bias.
    private func dense(_ name: String, _ rows: Int, _ columns: Int, depth: Int?) -> [Tensor] {
        [Tensor(name: name + ".weight", shape: [rows, columns], role: .weight, depth: depth), Tensor(name: name + ".bias", shape: [rows], role: .bias, depth: depth)]
    }

    private func layerNorm(_ name: String, depth: Int?) -> [Tensor] {
        [Tensor(name: name + ".weight", shape: [hidden], role: .norm, depth: depth), Tensor(name: name + ".bias", shape: [hidden], role: .bias, depth: depth)]
    }

    private func attention(_ p: String, selfName: String, depth l: Int) -> [Tensor] {
        let h = hidden
        return dense(p + selfName + ".query", h, h, depth: l) + dense(p + selfName + ".key", h, h, depth: l)
            + dense(p + selfName + ".value", h, h, depth: l) + dense(p + "attention.output.dense", h, h, depth: l)
    }

    private func bertTensors() -> [Tensor] {
        let h = hidden
        var out = [
            Tensor(name: "embeddings.word_embeddings.weight", shape: [vocab, h], role: .weight),
            Tensor(name: "embeddings.position_embeddings.weight", shape: [positions, h], role: .weight),
            Tensor(name: "embeddings.token_type_embeddings.weight", shape: [typeVocab, h], role: .weight),
        ] + layerNorm("embeddings.LayerNorm", depth: nil)
        for l in 0..<layers {
            let p = "encoder.layer.\(l)."
            out += attention(p, selfName: "attention.self", depth: l) + layerNorm(p + "attention.output.LayerNorm", depth: l)
            out += dense(p + "intermediate.dense", intermediate, h, depth: l) + dense(p + "output.dense", h, intermediate, depth: l)
            out += layerNorm(p + "output.LayerNorm", depth: l)
        }
        return out + dense("pooler.dense", h, h, depth: nil)
    }

    private func vitTensors() -> [Tensor] {
        let h = hidden, patches = (imageSize / patchSize) * (imageSize / patchSize)
        var out = [
            Tensor(name: "vit.embeddings.cls_token", shape: [1, 1, h], role: .weight),
            Tensor(name: "vit.embeddings.position_embeddings", shape: [1, patches + 1, h], role: .weight),
            Tensor(name: "vit.embeddings.patch_embeddings.projection.weight", shape: [h, channels, patchSize, patchSize], role: .weight),
            Tensor(name: "vit.embeddings.patch_embeddings.projection.bias", shape: [h], role: .bias),
        ]
        for l in 0..<layers {
            let p = "vit.encoder.layer.\(l)."
            out += attention(p, selfName: "attention.attention", depth: l)
            out += dense(p + "intermediate.dense", intermediate, h, depth: l) + dense(p + "output.dense", h, intermediate, depth: l)
            out += layerNorm(p + "layernorm_before", depth: l) + layerNorm(p + "layernorm_after", depth: l)
        }
        return out + layerNorm("vit.layernorm", depth: nil) + dense("classifier", vocab, h, depth: nil)
    }
}
