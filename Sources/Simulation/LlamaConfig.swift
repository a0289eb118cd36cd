/// The shape of a LLaMA-architecture decoder, the fields of Hugging Face's `LlamaConfig` that set it.
///
/// ```
/// head_dim = d / heads                    (heads must divide d, head_dim must be even for RoPE)
/// kv heads  divide heads                  (grouped-query attention: head h reads kv head h / (heads / kvHeads))
/// parameters = V·d + L·(2·d·d + 2·d·kvHeads·head_dim + 3·d·F + 2·d) + d + (tied ? 0 : V·d)
/// ```
public struct LlamaConfig: Sendable, Equatable, Codable {
    /// Hidden width d (`hidden_size`).
    public var hiddenSize: Int
    /// Decoder blocks L (`num_hidden_layers`).
    public var layers: Int
    /// Query heads (`num_attention_heads`).
    public var heads: Int
    /// Key/value heads (`num_key_value_heads`); equal to `heads` for plain multi-head attention.
    public var kvHeads: Int
    /// SwiGLU width F (`intermediate_size`).
    public var intermediateSize: Int
    /// Vocabulary V (`vocab_size`).
    public var vocabularySize: Int
    /// Longest sequence (`max_position_embeddings`).
    public var contextLength: Int
    /// RoPE base θ (`rope_theta`).
    public var ropeTheta: Double
    /// RMSNorm ε (`rms_norm_eps`).
    public var rmsNormEpsilon: Double
    /// Whether the LM head shares the embedding matrix (`tie_word_embeddings`).
    public var tiedEmbeddings: Bool

    /// A validated configuration; every inconsistency is a `SimulationError.invalidParameter` naming the field.
    public init(hiddenSize: Int, layers: Int, heads: Int, kvHeads: Int? = nil, intermediateSize: Int, vocabularySize: Int,
                contextLength: Int, ropeTheta: Double = 10_000, rmsNormEpsilon: Double = 1e-6, tiedEmbeddings: Bool = false) throws(SimulationError) {
        self.hiddenSize = hiddenSize; self.layers = layers; self.heads = heads; self.kvHeads = kvHeads ?? heads
        self.intermediateSize = intermediateSize; self.vocabularySize = vocabularySize; self.contextLength = contextLength
        self.ropeTheta = ropeTheta; self.rmsNormEpsilon = rmsNormEpsilon; self.tiedEmbeddings = tiedEmbeddings
        try validate()
    }

    /// Checks every field; called by the initialiser and after decoding.
    public func validate() throws(SimulationError) {
        func need(_ ok: Bool, _ why: String) throws(SimulationError) { if !ok { throw .invalidParameter("llama config: \(why)") } }
        try need(hiddenSize >= 2, "hidden_size must be ≥ 2, got \(hiddenSize)")
        try need(layers >= 1, "num_hidden_layers must be ≥ 1, got \(layers)")
        try need(heads >= 1 && hiddenSize % heads == 0, "num_attention_heads (\(heads)) must divide hidden_size (\(hiddenSize))")
        try need((hiddenSize / heads) % 2 == 0, "head_dim = hidden_size / num_attention_heads = \(hiddenSize / heads) must be even for rotary embeddings")
        try need(kvHeads >= 1 && heads % kvHeads == 0, "num_key_value_heads (\(kvHeads)) must divide num_attention_heads (\(heads))")
        try need(intermediateSize >= 1, "intermediate_size must be ≥ 1, got \(intermediateSize)")
        try need(vocabularySize >= 2, "vocab_size must be ≥ 2, got \(vocabularySize)")
        try need(contextLength >= 2, "max_position_embeddings must be ≥ 2, got \(contextLength)")
        try need(ropeTheta.isFinite && ropeTheta > 1, "rope_theta must be finite and > 1, got \(ropeTheta)")
        try need(rmsNormEpsilon.isFinite && rmsNormEpsilon > 0, "rms_norm_eps must be finite and > 0, got \(rmsNormEpsilon)")
    }

    /// Width of one head.
    public var headDim: Int { hiddenSize / heads }
    /// Width of the key and value projections.
    public var kvWidth: Int { kvHeads * headDim }

    /// The `config.json` a `transformers.LlamaForCausalLM.from_pretrained` reads (float32, no biases).
    public var huggingFaceJSON: [String: Any] {
        [
            "architectures": ["LlamaForCausalLM"], "model_type": "llama", "hidden_size": hiddenSize,
            "num_hidden_layers": layers, "num_attention_heads": heads, "num_key_value_heads": kvHeads,
            "head_dim": headDim, "intermediate_size": intermediateSize, "vocab_size": vocabularySize,
            "max_position_embeddings": contextLength, "rope_theta": ropeTheta, "rms_norm_eps": rmsNormEpsilon,
            "tie_word_embeddings": tiedEmbeddings, "hidden_act": "silu", "attention_bias": false, "mlp_bias": false,
            "attention_dropout": 0.0, "initializer_range": 0.02, "torch_dtype": "float32", "dtype": "float32",
            "use_cache": false, "bos_token_id": 0, "eos_token_id": 1, "pretraining_tp": 1,
        ]
    }
}
