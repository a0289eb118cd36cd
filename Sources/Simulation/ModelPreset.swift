import TensorIO

/// The weight shapes of common models, with Hugging Face tensor names, scalable by a width factor
/// so that tests and quick runs stay small (every dimension is scaled and rounded, at least 1).
///
/// ```
/// bert-base   12 layers, hidden 768,  q/k/v/o 768×768, intermediate 3072
/// minilm       6 layers, hidden 384,  intermediate 1536
/// llama-7b    32 layers, hidden 4096, q/k/v/o 4096×4096, gate/up 11008×4096, down 4096×11008
/// vit-b16     12 layers, hidden 768,  mlp 3072, patch embedding 768×768 (3·16·16 inputs)
/// llama-70b   80 layers, hidden 8192, q/o 8192×8192, k/v 1024×8192 (8 KV heads), gate/up 28672×8192
/// ```
/// ``ModelArchitecture/preset(_:width:)`` lists every tensor of the checkpoint (embeddings, norms,
/// biases); this lists the weight matrices that drift and training act on.
public enum ModelPreset: String, Sendable, CaseIterable {
    case bertBase = "bert-base"
    case miniLM = "minilm"
    case llama7B = "llama-7b"
    case vitB16 = "vit-b16"
    case llama70B = "llama-70b"

    /// The preset's matrices; `layers` overrides the layer count.
    public func layers(width: Double = 1, layers count: Int? = nil) -> [LayerSpec] {
        func d(_ x: Int) -> Int { max(1, Int((Double(x) * width).rounded())) }
        var out: [LayerSpec] = []
        switch self {
        case .bertBase, .miniLM:
            let (n, h, ff) = self == .bertBase ? (12, 768, 3072) : (6, 384, 1536)
            for l in 0..<(count ?? n) {
                let p = "encoder.layer.\(l)."
                out += [
                    LayerSpec(name: p + "attention.self.query.weight", shape: [d(h), d(h)], depth: l, module: .q),
                    LayerSpec(name: p + "attention.self.key.weight", shape: [d(h), d(h)], depth: l, module: .k),
                    LayerSpec(name: p + "attention.self.value.weight", shape: [d(h), d(h)], depth: l, module: .v),
                    LayerSpec(name: p + "attention.output.dense.weight", shape: [d(h), d(h)], depth: l, module: .o),
                    LayerSpec(name: p + "intermediate.dense.weight", shape: [d(ff), d(h)], depth: l, module: .up),
                    LayerSpec(name: p + "output.dense.weight", shape: [d(h), d(ff)], depth: l, module: .down),
                ]
            }
        case .llama7B:
            for l in 0..<(count ?? 32) {
                let p = "model.layers.\(l)."
                out += ["q", "k", "v", "o"].map { LayerSpec(name: p + "self_attn.\($0)_proj.weight", shape: [d(4096), d(4096)], depth: l, module: ModuleKind(rawValue: $0)) }
                out += [
                    LayerSpec(name: p + "mlp.gate_proj.weight", shape: [d(11008), d(4096)], depth: l, module: .gate),
                    LayerSpec(name: p + "mlp.up_proj.weight", shape: [d(11008), d(4096)], depth: l, module: .up),
                    LayerSpec(name: p + "mlp.down_proj.weight", shape: [d(4096), d(11008)], depth: l, module: .down),
                ]
            }
        case .llama70B:
            let a = ModelArchitecture.preset(self, width: width)
            let kinds: [String: ModuleKind] = ["q_proj": .q, "k_proj": .k, "v_proj": .v, "o_proj": .o, "gate_proj": .gate, "up_proj": .up, "down_proj": .down]
            out = a.tensors().compactMap { t in
                guard let l = t.depth, l < (count ?? a.layers), t.shape.count == 2, let kind = kinds[t.name.split(separator: ".").dropLast().last.map(String.init) ?? ""] else { return nil }
                return LayerSpec(name: t.name, shape: t.shape, depth: l, module: kind)
            }
        case .vitB16:
            out.append(LayerSpec(name: "vit.embeddings.patch_embeddings.projection.weight", shape: [d(768), d(768)], depth: 0, module: .embedding))
            for l in 0..<(count ?? 12) {
                let p = "vit.encoder.layer.\(l)."
                out += [
                    LayerSpec(name: p + "attention.attention.query.weight", shape: [d(768), d(768)], depth: l, module: .q),
                    LayerSpec(name: p + "attention.attention.key.weight", shape: [d(768), d(768)], depth: l, module: .k),
                    LayerSpec(name: p + "attention.attention.value.weight", shape: [d(768), d(768)], depth: l, module: .v),
                    LayerSpec(name: p + "attention.output.dense.weight", shape: [d(768), d(768)], depth: l, module: .o),
                    LayerSpec(name: p + "intermediate.dense.weight", shape: [d(3072), d(768)], depth: l, module: .up),
                    LayerSpec(name: p + "output.dense.weight", shape: [d(768), d(3072)], depth: l, module: .down),
                ]
            }
        }
        return out
    }
}
