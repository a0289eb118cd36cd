import Simulation

/// The `train:` experiment with `architecture: llama`: every key is checked here, every value
/// parsed once, and the whole run validated (shapes, initialisations, sources, ranks) before any
/// replicate runs; an error names the key.
extension ScenarioLoader {
    static let llamaKeys = ["architecture", "model", "init", "init_modules", "pretrain_source", "finetune_source", "sequence_length",
                            "train_sequences", "held_out_sequences", "pretrain", "finetune", "outputs"]
    static let llamaModelKeys = ["d_model", "layers", "heads", "kv_heads", "ffn", "vocab", "context", "tied", "rope_theta"]
    static let phaseKeys = ["steps", "learning_rate", "optimizer", "momentum", "beta1", "beta2", "epsilon", "weight_decay", "schedule",
                            "warmup", "min_lr_ratio", "batch", "clip", "record_steps"]
    static let finetuneKeys = phaseKeys + ["mode", "lora_rank", "lora_alpha", "modules"]

    static func parseLlama(_ body: YAMLReader) throws(ScenarioError) -> LlamaTrainSettings {
        try body.checkKeys(llamaKeys)
        let modelNode = try body.require("model")
        let config = try parseLlamaConfig(modelNode)
        let initNode = try body.optional("init")
        let initSpec = try initNode?.string() ?? "normal(std=0.02)"
        let matrices = try initScheme(initSpec, node: initNode ?? body)
        var perModule: [String: String] = [:], schemes: [String: InitScheme] = [:]
        if let m = try body.optional("init_modules") {
            for k in try m.keys() {
                let node = try m.require(k)
                perModule[k] = try node.string()
                schemes[k] = try initScheme(perModule[k]!, node: node)
            }
        }
        let initializer: LlamaInitializer
        do { initializer = try LlamaInitializer(matrices: matrices, byModule: schemes) } catch {
            throw (try body.require("init_modules")).error(error)
        }
        let pretrain = try parseSource(try body.require("pretrain_source"), config: config)
        let finetune = try parseSource(try body.require("finetune_source"), config: config)
        let phaseNode = try body.require("pretrain"), fineNode = try body.require("finetune")
        try phaseNode.checkKeys(phaseKeys)
        try fineNode.checkKeys(finetuneKeys)
        let (mode, modules) = try parseFineTuneMode(fineNode)
        var outputs = LlamaTrainSettings.roles
        if let o = try body.optional("outputs") {
            outputs = try o.elements().map { (e) throws(ScenarioError) in
                let role = try e.string()
                guard LlamaTrainSettings.roles.contains(role) else { throw e.error("unknown output '\(role)'; one of \(LlamaTrainSettings.roles.joined(separator: ", "))") }
                return role
            }
            guard !outputs.isEmpty else { throw o.error("list at least one of \(LlamaTrainSettings.roles.joined(separator: ", "))") }
        }
        let settings = LlamaTrainSettings(
            config: config, initSpec: initSpec, moduleInitSpecs: perModule, initializer: InitializerBox(initializer),
            pretrainSource: pretrain, finetuneSource: finetune,
            length: try positiveInt(body, "sequence_length", default: config.contextLength),
            trainSequences: try positiveInt(body, "train_sequences", default: 256),
            heldOutSequences: try positiveInt(body, "held_out_sequences", default: 64),
            pretraining: try parsePhase(phaseNode), finetuning: try parsePhase(fineNode), mode: mode, modules: modules, outputs: outputs)
        do { try settings.validate() } catch { throw body.error(error) }
        return settings
    }

    /// `model: {d_model, layers, heads, kv_heads, ffn, vocab, context, tied, rope_theta}`.
    static func parseLlamaConfig(_ node: YAMLReader) throws(ScenarioError) -> LlamaConfig {
        try node.checkKeys(llamaModelKeys)
        let d = try positiveInt(node, "d_model", default: 64), heads = try positiveInt(node, "heads", default: 4)
        let layers = try positiveInt(node, "layers", default: 4)
        for (key, value, limit) in [("d_model", d, 1024), ("layers", layers, 48)] where value > limit {
            throw (try node.require(key)).error("must be at most \(limit) for a model trained in a scenario, got \(value)")
        }
        do {
            return try LlamaConfig(hiddenSize: d, layers: layers, heads: heads,
                                   kvHeads: try node.optional("kv_heads")?.int(), intermediateSize: try positiveInt(node, "ffn", default: 4 * d),
                                   vocabularySize: try positiveInt(node, "vocab", default: 256), contextLength: try positiveInt(node, "context", default: 64),
                                   ropeTheta: try node.optional("rope_theta")?.double() ?? 10_000, tiedEmbeddings: try node.optional("tied")?.bool() ?? false)
        } catch let e as ScenarioError {
            throw e
        } catch {
            // Name the key the config complains about (its message uses Hugging Face's field names).
            let text = "\(error)"
            let pairs = [("num_key_value_heads", "kv_heads"), ("num_attention_heads", "heads"), ("head_dim", "heads"), ("hidden_size", "d_model"),
                         ("intermediate_size", "ffn"), ("vocab_size", "vocab"), ("max_position_embeddings", "context"), ("rope_theta", "rope_theta"),
                         ("num_hidden_layers", "layers")]
            let key = pairs.first { text.contains($0.0) }?.1
            throw (key.flatMap { try? node.optional($0) } ?? node).error(text)
        }
    }

    static func initScheme(_ text: String, node: YAMLReader) throws(ScenarioError) -> InitScheme {
        do { return try InitScheme.parse(text) } catch { throw node.error(error) }
    }

    /// `{grammar: {branching}}`, `{teacher: {init, temperature, d_model, layers, heads, ffn}}`,
    /// `{mixture: {a, b, weight}}` or `pretrain`.
    static func parseSource(_ node: YAMLReader, config: LlamaConfig) throws(ScenarioError) -> TokenSourceSpec {
        if node.isScalar {
            guard try node.string() == "pretrain" else { throw node.error("a source is {grammar: …}, {teacher: …}, {mixture: …} or 'pretrain'") }
            return .pretrain
        }
        let keys = try node.keys()
        guard keys.count == 1 else { throw node.error("give exactly one of grammar, teacher, mixture") }
        try node.checkKeys(["grammar", "teacher", "mixture"])
        let body = try node.require(keys[0])
        switch keys[0] {
        case "grammar":
            try body.checkKeys(["branching"])
            let b = try positiveInt(body, "branching", default: 4)
            guard b <= config.vocabularySize else { throw (try body.require("branching")).error("must be at most the vocabulary \(config.vocabularySize), got \(b)") }
            return .grammar(branching: b)
        case "teacher":
            try body.checkKeys(["init", "temperature", "d_model", "layers", "heads", "ffn"])
            let initNode = try body.require("init")
            let spec = try initNode.string()
            let scheme = try initScheme(spec, node: initNode)
            let temperature = try body.optional("temperature")?.double() ?? 1
            guard temperature > 0, temperature.isFinite else { throw (try body.require("temperature")).error("must be positive, got \(temperature)") }
            let d = try positiveInt(body, "d_model", default: config.hiddenSize)
            let teacher: LlamaConfig
            do {
                teacher = try LlamaConfig(hiddenSize: d, layers: try positiveInt(body, "layers", default: config.layers),
                                          heads: try positiveInt(body, "heads", default: config.heads), intermediateSize: try positiveInt(body, "ffn", default: 4 * d),
                                          vocabularySize: config.vocabularySize, contextLength: config.contextLength)
            } catch let e as ScenarioError { throw e } catch { throw body.error("teacher: \(error)", cause: error) }
            return .teacher(spec: spec, scheme: InitSchemeBox(scheme), config: teacher, temperature: temperature)
        default:
            try body.checkKeys(["a", "b", "weight"])
            let w = try body.require("weight").double()
            guard (0...1).contains(w) else { throw (try body.require("weight")).error("must be in [0, 1], got \(w)") }
            return .mixture(try parseSource(try body.require("a"), config: config), try parseSource(try body.require("b"), config: config), weight: w)
        }
    }

    /// One phase: `optimizer: adamw|sgd`, `learning_rate`, `weight_decay`, `schedule: constant|cosine`,
    /// `warmup`, `min_lr_ratio`, `batch`, `clip` (a norm or `none`), `steps`, `record_steps`.
    static func parsePhase(_ node: YAMLReader) throws(ScenarioError) -> LlamaTrainSettings.PhaseSettings {
        let optNode = try node.optional("optimizer")
        let name = try optNode?.string() ?? "adamw"
        let lr = try node.optional("learning_rate")?.double() ?? (name == "sgd" ? 0.05 : 1e-3)
        let wd = try node.optional("weight_decay")?.double() ?? 0
        let optimizer: LlamaOptimizer.Kind
        switch name {
        case "adamw":
            optimizer = .adamW(learningRate: lr, beta1: try node.optional("beta1")?.double() ?? 0.9, beta2: try node.optional("beta2")?.double() ?? 0.999,
                               epsilon: try node.optional("epsilon")?.double() ?? 1e-8, weightDecay: wd)
        case "sgd": optimizer = .sgd(learningRate: lr, momentum: try node.optional("momentum")?.double() ?? 0.9, weightDecay: wd)
        default: throw optNode!.error("optimizer must be adamw or sgd, got '\(name)'")
        }
        do { _ = try LlamaOptimizer(optimizer, count: 0) } catch { throw (optNode ?? node).error(error) }
        let scheduleNode = try node.optional("schedule")
        let schedule = try scheduleNode?.string() ?? "constant"
        guard ["constant", "cosine"].contains(schedule) else { throw scheduleNode!.error("schedule must be constant or cosine, got '\(schedule)'") }
        var clip: Double? = 1
        if let c = try node.optional("clip") {
            if try c.string() == "none" { clip = nil } else {
                clip = try c.double()
                guard clip! > 0, clip!.isFinite else { throw c.error("clip must be a positive norm or none, got \(clip!)") }
            }
        }
        let steps = try positiveInt(node, "steps", default: 200)
        var record: [Int] = []
        if let r = try node.optional("record_steps") {
            record = try r.elements().map { (e) throws(ScenarioError) in try e.int() }
            guard record.allSatisfy({ (1..<steps).contains($0) }), zip(record, record.dropFirst()).allSatisfy({ $0 < $1 }) else {
                throw r.error("record_steps must increase strictly and lie in [1, steps), got \(record) with steps \(steps)")
            }
        }
        let warmup = try node.optional("warmup")?.int() ?? 0
        guard warmup >= 0, warmup < steps else { throw (try node.require("warmup")).error("warmup must be in [0, steps), got \(warmup)") }
        return .init(optimizer: optimizer, warmup: warmup, cosine: schedule == "cosine", minimumRatio: try node.optional("min_lr_ratio")?.double() ?? 0,
                     steps: steps, batch: try positiveInt(node, "batch", default: 16), clip: clip, recordSteps: record)
    }

    /// `mode: full | lora | noise` with `lora_rank`, `lora_alpha` (default 2r) and `modules`.
    static func parseFineTuneMode(_ node: YAMLReader) throws(ScenarioError) -> (FineTuneAdapter.Mode, [String]) {
        let modeNode = try node.optional("mode")
        let mode = try modeNode?.string() ?? "full"
        let rankNode = try node.optional("lora_rank")
        var modules: [String] = []
        if let m = try node.optional("modules") {
            modules = try m.elements().map { (e) throws(ScenarioError) in
                let kind = try e.string()
                guard LlamaTrainSettings.matrices.contains(where: { $0.kind == kind }) else {
                    throw e.error("unknown module '\(kind)'; one of \(LlamaTrainSettings.matrices.map(\.kind).joined(separator: ", "))")
                }
                return kind
            }
            if mode == AdapterKind.full.rawValue { throw m.error("modules applies to mode: lora or noise") }
        }
        switch AdapterKind(rawValue: mode) {
        case .full?, .noise?:
            if let rankNode { throw rankNode.error("lora_rank needs mode: lora") }
            return (mode == AdapterKind.full.rawValue ? .full : .noise, modules)
        case .lora?:
            guard let rankNode else { throw modeNode!.error("mode: lora needs lora_rank") }
            let r = try rankNode.int()
            guard r >= 1 else { throw rankNode.error("must be at least 1, got \(r)") }
            return (.lora(rank: r, alpha: try node.optional("lora_alpha")?.double() ?? Double(2 * r)), modules)
        case nil:
            throw modeNode!.error("mode must be full, lora or noise, got '\(mode)'")
        }
    }
}
