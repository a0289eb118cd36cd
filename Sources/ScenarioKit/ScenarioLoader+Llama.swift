import Simulation

/// The `train:` experiment with `architecture: llama`: its keys, its `model:` and its phases are
/// checked against their field tables (ExperimentKind+Llama.swift), whose defaults are read from
/// there; every value is parsed once into a ``LlamaTwoPhase``, validated (shapes,
/// initialisations, sources, ranks) before any replicate runs; an error names the key.
extension ScenarioLoader {
    static func parseLlama(_ body: YAMLReader, _ kind: ExperimentKind) throws(ScenarioError) -> Experiment {
        try body.checkKeys(kind.keys)
        let config = try parseLlamaConfig(try body.require("model"))
        let initNode = try requiredField(body, "init", of: kind)
        let matrices = try initScheme(try initNode.string(), node: initNode)
        var schemes: [String: InitScheme] = [:]
        if let m = try body.optional("init_modules") {
            for k in try m.keys() {
                let node = try m.require(k)
                schemes[k] = try initScheme(try node.string(), node: node)
            }
        }
        let initializer: LlamaInitializer
        do { initializer = try LlamaInitializer(matrices: matrices, byModule: schemes) } catch {
            throw (try body.require("init_modules")).error(error)
        }
        let pretrain = try parseSource(try body.require("pretrain_source"), config: config)
        let finetune = try parseSource(try body.require("finetune_source"), config: config)
        let phaseNode = try body.require("pretrain"), fineNode = try body.require("finetune")
        try phaseNode.checkKeys(ExperimentKind.llamaPhase.keys)
        try fineNode.checkKeys(ExperimentKind.llamaFinetune.keys)
        let (mode, modules) = try parseFineTuneMode(fineNode)
        var outputs = LlamaTwoPhase.roles
        if let o = try body.optional("outputs") {
            outputs = try o.elements().map { (e) throws(ScenarioError) in
                let role = try e.string()
                guard LlamaTwoPhase.roles.contains(role) else { throw e.error("unknown output '\(role)'; one of \(LlamaTwoPhase.roles.joined(separator: ", "))") }
                return role
            }
            guard !outputs.isEmpty else { throw o.error("list at least one of \(LlamaTwoPhase.roles.joined(separator: ", "))") }
        }
        let length = try positiveInt(body, "sequence_length", default: config.contextLength)
        let trainSequences = try positiveInt(body, "train_sequences", of: kind)
        let heldOutSequences = try positiveInt(body, "held_out_sequences", of: kind)
        let pretraining = try parsePhase(phaseNode, ExperimentKind.llamaPhase)
        let finetuning = try parsePhase(fineNode, ExperimentKind.llamaFinetune)
        let phases = try build(body, kind) { () throws(SimulationError) in
            try LlamaTwoPhase(config: config, initializer: initializer, pretrainSource: pretrain, finetuneSource: finetune, length: length,
                              trainSequences: trainSequences, heldOutSequences: heldOutSequences, pretraining: pretraining,
                              finetuning: finetuning, finetuneMode: mode, finetuneModules: Set(modules))
        }
        return .llama(phases, outputs: outputs)
    }

    /// `model: {d_model, layers, heads, kv_heads, ffn, vocab, context, tied, rope_theta}`.
    static func parseLlamaConfig(_ node: YAMLReader) throws(ScenarioError) -> LlamaConfig {
        let t = ExperimentKind.llamaModel
        try node.checkKeys(t.keys)
        let d = try positiveInt(node, "d_model", of: t), heads = try positiveInt(node, "heads", of: t)
        let layers = try positiveInt(node, "layers", of: t)
        for (key, value, limit) in [("d_model", d, 1024), ("layers", layers, 48)] where value > limit {
            throw (try node.require(key)).error("must be at most \(limit) for a model trained in a scenario, got \(value)")
        }
        let ffn = try node.optional("ffn").map { (n) throws(ScenarioError) in try positiveInt(n, key: "ffn") } ?? 4 * d
        do {
            return try LlamaConfig(hiddenSize: d, layers: layers, heads: heads, kvHeads: try node.optional("kv_heads")?.int(), intermediateSize: ffn,
                                   vocabularySize: try positiveInt(node, "vocab", of: t), contextLength: try positiveInt(node, "context", of: t),
                                   ropeTheta: try double(node, "rope_theta", of: t), tiedEmbeddings: try requiredField(node, "tied", of: t).bool())
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
            let scheme = try initScheme(try initNode.string(), node: initNode)
            let temperature = try body.optional("temperature")?.double() ?? 1
            guard temperature > 0, temperature.isFinite else { throw (try body.require("temperature")).error("must be positive, got \(temperature)") }
            let d = try positiveInt(body, "d_model", default: config.hiddenSize)
            let teacher: LlamaConfig
            do {
                teacher = try LlamaConfig(hiddenSize: d, layers: try positiveInt(body, "layers", default: config.layers),
                                          heads: try positiveInt(body, "heads", default: config.heads), intermediateSize: try positiveInt(body, "ffn", default: 4 * d),
                                          vocabularySize: config.vocabularySize, contextLength: config.contextLength)
            } catch let e as ScenarioError { throw e } catch { throw body.error("teacher: \(error)", cause: error) }
            return .teacher(scheme: scheme, config: teacher, temperature: temperature)
        default:
            try body.checkKeys(["a", "b", "weight"])
            let w = try body.require("weight").double()
            guard (0...1).contains(w) else { throw (try body.require("weight")).error("must be in [0, 1], got \(w)") }
            return .mixture(try parseSource(try body.require("a"), config: config), try parseSource(try body.require("b"), config: config), weight: w)
        }
    }

    /// One phase: `optimizer: adamw|sgd`, `learning_rate`, `weight_decay`, `schedule: constant|cosine`,
    /// `warmup`, `min_lr_ratio`, `batch`, `clip` (a norm or `none`), `steps`, `record_steps`.
    static func parsePhase(_ node: YAMLReader, _ t: FieldTable) throws(ScenarioError) -> LlamaTraining {
        let optNode = try requiredField(node, "optimizer", of: t)
        let name = try optNode.string()
        let lr = try node.optional("learning_rate")?.double() ?? (name == "sgd" ? 0.05 : 1e-3)
        let wd = try double(node, "weight_decay", of: t)
        let optimizer: LlamaOptimizer.Kind
        switch name {
        case "adamw":
            optimizer = .adamW(learningRate: lr, beta1: try double(node, "beta1", of: t), beta2: try double(node, "beta2", of: t),
                               epsilon: try double(node, "epsilon", of: t), weightDecay: wd)
        case "sgd": optimizer = .sgd(learningRate: lr, momentum: try double(node, "momentum", of: t), weightDecay: wd)
        default: throw optNode.error("optimizer must be adamw or sgd, got '\(name)'")
        }
        do { _ = try LlamaOptimizer(optimizer, count: 0) } catch { throw (try node.optional("optimizer") ?? node).error(error) }
        let scheduleNode = try requiredField(node, "schedule", of: t)
        let schedule = try scheduleNode.string()
        guard ["constant", "cosine"].contains(schedule) else { throw scheduleNode.error("schedule must be constant or cosine, got '\(schedule)'") }
        var clip: Double? = nil
        let c = try requiredField(node, "clip", of: t)
        if try c.string() != "none" {
            clip = try c.double()
            guard clip! > 0, clip!.isFinite else { throw c.error("clip must be a positive norm or none, got \(clip!)") }
        }
        let steps = try positiveInt(node, "steps", of: t)
        var record: [Int] = []
        if let r = try node.optional("record_steps") {
            record = try r.elements().map { (e) throws(ScenarioError) in try e.int() }
            guard record.allSatisfy({ (1..<steps).contains($0) }), zip(record, record.dropFirst()).allSatisfy({ $0 < $1 }) else {
                throw r.error("record_steps must increase strictly and lie in [1, steps), got \(record) with steps \(steps)")
            }
        }
        let warmup = try requiredField(node, "warmup", of: t).int()
        guard warmup >= 0, warmup < steps else { throw (try node.require("warmup")).error("warmup must be in [0, steps), got \(warmup)") }
        let minimumRatio = try double(node, "min_lr_ratio", of: t), batch = try positiveInt(node, "batch", of: t)
        let cosine = schedule == "cosine"
        return try build(node, t) { () throws(SimulationError) in
            let rates = try LearningRateSchedule(warmupSteps: warmup, totalSteps: cosine ? steps : 0, minimumRatio: cosine ? minimumRatio : 0)
            return try LlamaTraining(optimizer: optimizer, schedule: rates, steps: steps, batchSize: batch, clipNorm: clip, recordSteps: record)
        }
    }

    /// `mode: full | lora | noise` with `lora_rank`, `lora_alpha` (default 2r) and `modules`.
    static func parseFineTuneMode(_ node: YAMLReader) throws(ScenarioError) -> (FineTuneAdapter.Mode, [String]) {
        let modeNode = try requiredField(node, "mode", of: ExperimentKind.llamaFinetune)
        let mode = try modeNode.string()
        let rankNode = try node.optional("lora_rank")
        var modules: [String] = []
        if let m = try node.optional("modules") {
            modules = try m.elements().map { (e) throws(ScenarioError) in
                let kind = try e.string()
                guard LlamaTwoPhase.matrices.contains(where: { $0.kind == kind }) else {
                    throw e.error("unknown module '\(kind)'; one of \(LlamaTwoPhase.matrices.map(\.kind).joined(separator: ", "))")
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
            guard let rankNode else { throw modeNode.error("mode: lora needs lora_rank") }
            let r = try rankNode.int()
            guard r >= 1 else { throw rankNode.error("must be at least 1, got \(r)") }
            return (.lora(rank: r, alpha: try node.optional("lora_alpha")?.double() ?? Double(2 * r)), modules)
        case nil:
            throw modeNode.error("mode must be full, lora or noise, got '\(mode)'")
        }
    }
}
