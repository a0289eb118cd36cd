/// Every trainable tensor of a ``LlamaConfig`` model in one flat float32 buffer, laid out in the
/// order and under the names of Hugging Face's `LlamaForCausalLM` state dict.
///
/// ```
/// model.embed_tokens.weight                         V × d
/// model.layers.{i}.input_layernorm.weight           d
/// model.layers.{i}.self_attn.{q,k,v,o}_proj.weight  d×d, kv×d, kv×d, d×d   (out × in)
/// model.layers.{i}.post_attention_layernorm.weight  d
/// model.layers.{i}.mlp.{gate,up,down}_proj.weight   F×d, F×d, d×F
/// model.norm.weight                                 d
/// lm_head.weight                                    V × d   (absent when tied)
/// ```
/// The same layout holds gradients and optimiser moments, so updates are loops over one buffer.
public struct LlamaParameters: Sendable {
    /// One named tensor: its shape and where it starts in ``values``.
    public struct Entry: Sendable, Equatable {
        public var name: String
        public var shape: [Int]
        public var offset: Int
        public var count: Int { shape.reduce(1, *) }
        /// A norm's gain vector (1-D) rather than a matrix.
        public var isNorm: Bool { shape.count == 1 }
    }

    public let config: LlamaConfig
    public let entries: [Entry]
    public var values: [Float]

    /// The parameter layout of one block: offsets of its tensors in ``values``.
    struct Block {
        var inputNorm = 0, q = 0, k = 0, v = 0, o = 0, postNorm = 0, gate = 0, up = 0, down = 0
    }

    let embed: Int
    let blocks: [Block]
    let finalNorm: Int
    /// Offset of the LM head (the embedding's offset when tied).
    let head: Int
    /// Name → index in ``entries``.
    let index: [String: Int]

    /// All-zero parameters (norm gains included) of the given configuration.
    public init(config: LlamaConfig) {
        self.config = config
        let d = config.hiddenSize, kv = config.kvWidth, f = config.intermediateSize, vocab = config.vocabularySize
        var entries: [Entry] = []
        var offset = 0
        func add(_ name: String, _ shape: [Int]) -> Int {
            entries.append(Entry(name: name, shape: shape, offset: offset))
            defer { offset += shape.reduce(1, *) }
            return offset
        }
        embed = add("model.embed_tokens.weight", [vocab, d])
        var blocks: [Block] = []
        for i in 0..<config.layers {
            let p = "model.layers.\(i)."
            var b = Block()
            b.inputNorm = add(p + "input_layernorm.weight", [d])
            b.q = add(p + "self_attn.q_proj.weight", [d, d])
            b.k = add(p + "self_attn.k_proj.weight", [kv, d])
            b.v = add(p + "self_attn.v_proj.weight", [kv, d])
            b.o = add(p + "self_attn.o_proj.weight", [d, d])
            b.postNorm = add(p + "post_attention_layernorm.weight", [d])
            b.gate = add(p + "mlp.gate_proj.weight", [f, d])
            b.up = add(p + "mlp.up_proj.weight", [f, d])
            b.down = add(p + "mlp.down_proj.weight", [d, f])
            blocks.append(b)
        }
        self.blocks = blocks
        finalNorm = add("model.norm.weight", [d])
        head = config.tiedEmbeddings ? embed : add("lm_head.weight", [vocab, d])
        self.entries = entries
        self.index = Dictionary(uniqueKeysWithValues: entries.enumerated().map { ($1.name, $0) })
        values = [Float](repeating: 0, count: offset)
    }

    /// Total number of parameters.
    public var count: Int { values.count }

    /// The entry named `name` (Hugging Face's name), if the model has it.
    public func entry(_ name: String) -> Entry? { index[name].map { entries[$0] } }

    /// A copy of one tensor's values.
    public func tensor(_ name: String) -> [Float]? {
        guard let e = entry(name) else { return nil }
        return Array(values[e.offset..<(e.offset + e.count)])
    }

    /// Replaces one tensor's values; the count must match.
    public mutating func setTensor(_ name: String, _ data: [Float]) throws(SimulationError) {
        guard let e = entry(name) else { throw .invalidParameter("llama: no tensor named '\(name)'") }
        guard data.count == e.count else { throw .shapeMismatch("llama: tensor '\(name)' has \(e.count) values, got \(data.count)") }
        values.replaceSubrange(e.offset..<(e.offset + e.count), with: data)
    }

    /// The module kind of a tensor name: `q_proj`, `gate_proj`, `input_layernorm`, `embed_tokens`, `lm_head`, `norm`, ….
    public static func moduleKind(_ name: String) -> String {
        let parts = name.split(separator: ".")
        guard parts.count >= 2 else { return name }
        return String(parts[parts.count - 2])
    }

    /// The block index in a tensor name (`model.layers.3.…` → 3), nil outside the blocks.
    public static func layerIndex(_ name: String) -> Int? {
        let parts = name.split(separator: ".")
        guard parts.count > 3, parts[0] == "model", parts[1] == "layers" else { return nil }
        return Int(parts[2])
    }
}
