import Foundation

/// Hugging Face conventions checked against a checkpoint folder's `config.json`: the layer count
/// (`num_hidden_layers` or its aliases `n_layer`, `n_layers`, `num_layers`, also inside
/// `text_config`) against the layer indices the tensor names carry, and a missing
/// `lm_head.weight` against `tie_word_embeddings`.
extension Checkpoint {
    /// The layer-count keys, in the order they are looked for.
    static let layerCountKeys = ["num_hidden_layers", "n_layer", "n_layers", "num_layers"]

    /// Notes about `names` (every tensor of the folder, read or not) given the folder's config.json;
    /// empty when there is no config.json or nothing disagrees.
    static func conventionNotes(folder: URL, names: [String]) -> [String] {
        let url = folder.appendingPathComponent("config.json")
        guard let map = try? MappedFile(path: url.path), map.size <= 10_000_000,
              case let .object(top)? = try? JSONValue.parse(map.bytes(0, map.size)) else { return [] }
        var members = top
        if case let .object(text)? = top.first(where: { $0.key == "text_config" })?.value { members += text }
        var notes: [String] = []
        let declared = layerCountKeys.lazy.compactMap { key -> (String, Int64)? in
            guard case let .integer(n)? = members.first(where: { $0.key == key })?.value else { return nil }
            return (key, n)
        }.first
        let depths = Set(names.compactMap(layerIndex))
        if let (key, n) = declared, let deepest = depths.max(), Int64(deepest + 1) != n || depths.count != Int(n) {
            notes.append("config.json: \(key) = \(n), but the tensor names carry \(depths.count) layer indices (0…\(deepest))")
        }
        let tied: Bool? = {
            if case let .bool(b)? = members.first(where: { $0.key == "tie_word_embeddings" })?.value { return b }
            return nil
        }()
        if !names.contains(where: { $0 == "lm_head.weight" || $0.hasSuffix(".lm_head.weight") }), let tied {
            notes.append(tied ? "lm_head.weight is absent: tie_word_embeddings is true, so the output projection is the input embedding (analysed once)"
                              : "lm_head.weight is absent although config.json says tie_word_embeddings is false")
        }
        return notes
    }

    /// The layer index in a name such as `model.layers.3.mlp.up_proj.weight` or `transformer.h.3.attn…`.
    static func layerIndex(_ name: String) -> Int? {
        let parts = name.split(separator: ".")
        for (i, part) in parts.enumerated().dropLast() where ["layers", "layer", "h", "blocks", "block"].contains(part) {
            if let n = Int(parts[i + 1]), n >= 0 { return n }
        }
        return nil
    }
}
