import Foundation

/// A PEFT LoRA adapter folder (`adapter_config.json` with `adapter_model.safetensors` or `.bin`)
/// read as the transformation weights it carries: one tensor per adapted module,
///
///     ΔW = s · B · A                 (out × in)
///     ΔW = s · (B · A)ᵀ              (fan_in_fan_out, e.g. GPT-2 Conv1D; and embeddings,
///                                     whose lora_embedding_A is r × vocab, B is dim × r)
///
/// with s = α/r or α/√r (rsLoRA), r and α per module from ``PeftConfig``. Tensors are named as
/// the base model's module (`base_model.model.` and `.lora_A`/`.lora_B` stripped, `.weight` kept),
/// so depth and module kind parse as for the base model. DoRA adapters without a base give the
/// B·A part, with a note: the magnitude renormalisation needs W₀; with the base they give
/// W′ − W₀, W′ = m ⊙ V/‖V‖ with V = W₀ + s·B·A and ‖·‖ the L2 norm of each output row. With
/// `factors`, the tensors are
/// A and B themselves (`<module>.lora_A.weight`, `<module>.lora_B.weight`).
///
/// ΔW is computed in double precision on request: out·r·in multiply-adds, out·in values.
public final class PeftAdapter: WeightFile, @unchecked Sendable {
    /// One adapted module.
    public struct Module: Sendable {
        /// The base model's module name (no `.weight`).
        public var name: String
        public var r: Int
        public var alpha: Double
        /// s = α/r or α/√r.
        public var scale: Double
        public var isEmbedding: Bool
        /// ΔW is transposed (fan_in_fan_out or an embedding).
        public var transposed: Bool
        var a: String
        var b: String
        var magnitude: String?
    }

    public let url: URL
    public let config: PeftConfig
    /// The adapted modules, by ΔW tensor name (`<module>.weight`).
    public let modules: [String: Module]
    public let tensors: [TensorInfo]
    public let unsupportedTensors: [(name: String, dtype: String)]
    public let skipped: [TensorIOError]
    /// The adapter's own file (safetensors or .bin).
    public let weights: any WeightFile
    let factors: Bool
    /// The base model, for DoRA's magnitude renormalisation.
    let base: Checkpoint?
    /// Factor tensor name → stored name, with `factors`.
    let factorNames: [String: String]

    /// Whether `url` is a folder holding `adapter_config.json`.
    public static func isAdapter(_ url: URL) -> Bool {
        FileManager.default.fileExists(atPath: url.appendingPathComponent("adapter_config.json").path)
    }

    /// Opens the adapter folder `url`; with `factors`, A and B are the tensors instead of ΔW.
    /// With `base` (the model the adapter was trained on), DoRA modules give the merged
    /// W′ − W₀ including the magnitude renormalisation.
    public init(url: URL, factors: Bool = false, base: Checkpoint? = nil, skippingBadTensors: Bool = false) throws(TensorIOError) {
        self.url = url
        self.factors = factors
        self.base = base
        config = try PeftConfig(url: url.appendingPathComponent("adapter_config.json"))
        let candidates = ["adapter_model.safetensors", "adapter_model.bin"].map { url.appendingPathComponent($0) }
        guard let file = candidates.first(where: { FileManager.default.fileExists(atPath: $0.path) }) else {
            throw .cannotRead(file: url.path, reason: "the adapter folder holds neither adapter_model.safetensors nor adapter_model.bin")
        }
        weights = try WeightFileFormat(url: file)!.open(file, lenient: skippingBadTensors)
        var skipped = weights.skipped
        let grouped = Self.group(weights.tensors.map(\.name))
        var modules: [String: Module] = [:], tensors: [TensorInfo] = [], factorNames: [String: String] = [:]
        let infos = Dictionary(uniqueKeysWithValues: weights.tensors.map { ($0.name, $0) })
        for (name, parts) in grouped.modules {
            do throws(TensorIOError) {
                let (module, info) = try Self.module(name, parts: parts, infos: infos, config: config, file: file.path)
                modules[info.name] = module
                if factors {
                    for (stored, suffix) in [(module.a, ".lora_A.weight"), (module.b, ".lora_B.weight")] {
                        factorNames[name + suffix] = stored
                        tensors.append(TensorInfo(name: name + suffix, dtype: infos[stored]!.dtype, shape: infos[stored]!.shape))
                    }
                } else {
                    tensors.append(info)
                }
            } catch {
                guard skippingBadTensors else { throw error }
                skipped.append(error)
            }
        }
        self.modules = modules
        self.tensors = tensors
        self.factorNames = factorNames
        self.skipped = skipped
        self.unsupportedTensors = weights.unsupportedTensors + grouped.others.map { ($0, "not a LoRA factor (a whole module or an unknown tensor)") }
    }

    /// The adapter's tensors grouped by module, in first-appearance order: role (A, B, eA, eB
    /// for embeddings, m for DoRA's magnitude)
    /// → stored name; names that are not LoRA factors are `others`.
    static func group(_ names: [String]) -> (modules: [(String, [String: String])], others: [String]) {
        let roles: [(suffix: String, role: String)] = [
            (".lora_A.weight", "A"), (".lora_B.weight", "B"), (".lora_embedding_A", "eA"), (".lora_embedding_B", "eB"),
            (".lora_magnitude_vector.weight", "m"), (".lora_magnitude_vector", "m"),
        ]
        var order: [String] = [], parts: [String: [String: String]] = [:], others: [String] = []
        for stored in names {
            let bare = stored.hasPrefix("base_model.model.") ? String(stored.dropFirst("base_model.model.".count)) : stored
            guard let match = roles.first(where: { bare.hasSuffix($0.suffix) }) else {
                others.append(stored)
                continue
            }
            let module = String(bare.dropLast(match.suffix.count))
            if parts[module] == nil { order.append(module) }
            parts[module, default: [:]][match.role] = stored
        }
        return (order.map { ($0, parts[$0]!) }, others)
    }
}
