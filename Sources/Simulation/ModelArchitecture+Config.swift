import Foundation

extension ModelArchitecture {
    /// The architecture of a preset at a width factor: every width (hidden, intermediate, heads,
    /// vocabulary) scaled and rounded, at least 1; the head dimension is hidden / heads; layer
    /// counts and image geometry stay. The full-size dimensions are those of the models' published
    /// `config.json` files: meta-llama/Llama-2-7b-hf and Llama-2-70b-hf, bert-base-uncased,
    /// sentence-transformers/all-MiniLM-L6-v2, google/vit-base-patch16-224 (names and shapes are
    /// checked against transformers' own models by scripts/interop/model_presets.py).
    public static func preset(_ preset: ModelPreset, width: Double = 1) -> ModelArchitecture {
        func d(_ x: Int) -> Int { max(1, Int((Double(x) * width).rounded())) }
        func arch(_ f: Family, _ layers: Int, _ h: Int, _ ff: Int, _ heads: Int, kv: Int? = nil, vocab: Int, positions: Int) -> ModelArchitecture {
            let hh = d(h), nh = d(heads)
            return ModelArchitecture(family: f, layers: layers, hidden: hh, intermediate: d(ff), heads: nh, kvHeads: kv.map(d), headDim: max(1, hh / nh),
                                     vocab: d(vocab), positions: positions)
        }
        switch preset {
        case .llama7B: return arch(.llama, 32, 4096, 11008, 32, vocab: 32000, positions: 4096)
        case .llama70B: return arch(.llama, 80, 8192, 28672, 64, kv: 8, vocab: 32000, positions: 4096)
        case .bertBase: return arch(.bert, 12, 768, 3072, 12, vocab: 30522, positions: 512)
        case .miniLM: return arch(.bert, 6, 384, 1536, 12, vocab: 30522, positions: 512)
        case .vitB16: return arch(.vit, 12, 768, 3072, 12, vocab: 1000, positions: 197)
        }
    }

    /// Reads a Hugging Face `config.json` of model_type llama (or mistral), bert or vit.
    public init(config data: Data) throws(SimulationError) {
        guard let object = try? JSONSerialization.jsonObject(with: data), let c = object as? [String: Any] else {
            throw .invalidParameter("config.json: not a JSON object")
        }
        func int(_ key: String, _ fallback: Int? = nil) throws(SimulationError) -> Int {
            if let v = c[key] as? Int, v >= 1 { return v }
            if c[key] == nil || c[key] is NSNull, let fallback { return fallback }
            throw .invalidParameter("config.json: '\(key)' must be a positive integer")
        }
        let type = c["model_type"] as? String ?? ""
        let family: Family
        switch type {
        case "llama", "mistral": family = .llama
        case "bert": family = .bert
        case "vit": family = .vit
        default: throw .invalidParameter("config.json: model_type '\(type)' is not one WeightLab lays out (llama, mistral, bert, vit)")
        }
        let heads = try int("num_attention_heads"), hidden = try int("hidden_size")
        let labels = (c["id2label"] as? [String: Any])?.count ?? (c["num_labels"] as? Int) ?? 2
        self.init(family: family, layers: try int("num_hidden_layers"), hidden: hidden, intermediate: try int("intermediate_size"), heads: heads,
                  kvHeads: try int("num_key_value_heads", heads), headDim: try int("head_dim", max(1, hidden / heads)),
                  vocab: family == .vit ? labels : try int("vocab_size"), positions: try int("max_position_embeddings", 512),
                  typeVocab: try int("type_vocab_size", 2), tieWordEmbeddings: c["tie_word_embeddings"] as? Bool ?? false)
        if family == .vit {
            imageSize = try int("image_size", 224)
            patchSize = try int("patch_size", 16)
            channels = try int("num_channels", 3)
            positions = (imageSize / patchSize) * (imageSize / patchSize) + 1  // the patches and the class token
        }
    }

    /// A `config.json` that `transformers.AutoConfig` loads, with `torch_dtype` (`bfloat16`,
    /// `float16`, `float32`, `float64`) and the family's usual constants (activation, norm ε).
    public func configJSON(dtype: String) -> Data {
        var c: [String: Any] = [
            "hidden_size": hidden, "intermediate_size": intermediate, "num_hidden_layers": layers, "num_attention_heads": heads,
            "torch_dtype": dtype, "initializer_range": 0.02,
        ]
        switch family {
        case .llama:
            c.merge(["model_type": "llama", "architectures": ["LlamaForCausalLM"], "num_key_value_heads": kvHeads, "head_dim": headDim,
                     "vocab_size": vocab, "max_position_embeddings": positions, "hidden_act": "silu", "rms_norm_eps": 1e-5,
                     "rope_theta": 10000.0, "bos_token_id": 1, "eos_token_id": 2, "tie_word_embeddings": tieWordEmbeddings]) { $1 }
        case .bert:
            c.merge(["model_type": "bert", "architectures": ["BertModel"], "vocab_size": vocab, "max_position_embeddings": positions,
                     "type_vocab_size": typeVocab, "hidden_act": "gelu", "layer_norm_eps": 1e-12, "pad_token_id": 0]) { $1 }
        case .vit:
            c.merge(["model_type": "vit", "architectures": ["ViTForImageClassification"], "image_size": imageSize, "patch_size": patchSize,
                     "num_channels": channels, "hidden_act": "gelu", "layer_norm_eps": 1e-12, "qkv_bias": true,
                     "id2label": Dictionary(uniqueKeysWithValues: (0..<vocab).map { (String($0), "LABEL_\($0)") })]) { $1 }
        }
        // Keys sorted: the same bytes for the same model.
        return (try? JSONSerialization.data(withJSONObject: c, options: [.prettyPrinted, .sortedKeys])) ?? Data()
    }
}
