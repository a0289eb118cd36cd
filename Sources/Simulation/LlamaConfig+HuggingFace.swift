import Foundation

extension LlamaConfig {
    /// Decodes a Hugging Face `config.json` of `model_type` "llama" (RoPE θ at top level as
    /// `rope_theta` or, in transformers 5, inside `rope_parameters`); `file` names it in errors.
    public init(huggingFaceJSON data: Data, file: String) throws(SimulationError) {
        let object: Any
        do { object = try JSONSerialization.jsonObject(with: data) } catch {
            throw .io("\(file): not valid JSON: \(error.localizedDescription)")
        }
        guard let json = object as? [String: Any] else { throw .io("\(file): the top level is not a JSON object") }
        if let type = json["model_type"] as? String, type != "llama" { throw .io("\(file): model_type is '\(type)', not 'llama'") }
        func int(_ key: String) throws(SimulationError) -> Int {
            guard let v = json[key] as? NSNumber, let i = Int(exactly: v.doubleValue) else { throw .io("\(file): '\(key)' is missing or not an integer") }
            return i
        }
        let rope = (json["rope_parameters"] as? [String: Any])?["rope_theta"] ?? json["rope_theta"]
        if let type = (json["rope_parameters"] as? [String: Any])?["rope_type"] as? String, type != "default" {
            throw .io("\(file): rope_type '\(type)' is not supported (only 'default')")
        }
        if let head = json["head_dim"] as? NSNumber, let h = json["hidden_size"] as? NSNumber, let n = json["num_attention_heads"] as? NSNumber,
           n.intValue > 0, head.intValue != h.intValue / n.intValue {
            throw .io("\(file): head_dim \(head) differs from hidden_size / num_attention_heads")
        }
        let kv = json["num_key_value_heads"] is NSNumber ? try int("num_key_value_heads") : nil
        try self.init(hiddenSize: try int("hidden_size"), layers: try int("num_hidden_layers"), heads: try int("num_attention_heads"),
                      kvHeads: kv, intermediateSize: try int("intermediate_size"), vocabularySize: try int("vocab_size"),
                      contextLength: try int("max_position_embeddings"), ropeTheta: (rope as? NSNumber)?.doubleValue ?? 10_000,
                      rmsNormEpsilon: (json["rms_norm_eps"] as? NSNumber)?.doubleValue ?? 1e-6,
                      tiedEmbeddings: (json["tie_word_embeddings"] as? Bool) ?? false)
    }
}
