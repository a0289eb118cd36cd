import Simulation

/// The `train:` experiment: `architecture: llama` goes to ScenarioLoader+Llama.swift, the others
/// (linear, relu) are read here.
extension ScenarioLoader {
    static func parseTrain(_ body: YAMLReader, _ kind: ExperimentKind) throws(ScenarioError) -> Experiment {
        let archNode = try requiredField(body, "architecture", of: kind)
        let archText = try archNode.string()
        if archText == "llama" { return .llama(try parseLlama(body)) }
        try body.checkKeys(kind.keys)
        guard let arch = Architecture(rawValue: archText) else { throw archNode.error("architecture must be linear, relu or llama, got '\(archText)'") }
        var widths: [Int] = []
        let widthsNode = try body.require("widths")
        for e in try widthsNode.elements() { widths.append(try e.int()) }
        let optNode = try requiredField(body, "optimizer", of: kind)
        let opt = try optNode.string()
        let lr = try body.optional("learning_rate")?.double() ?? (opt == "sgd" ? 0.05 : 1e-3)
        let optimizer: Optimizer
        switch opt {
        case "sgd": optimizer = .sgd(learningRate: lr, momentum: try double(body, "momentum", of: kind))
        case "adam": optimizer = .adam(learningRate: lr, beta1: 0.9, beta2: 0.999, epsilon: 1e-8)
        default: throw optNode.error("optimizer must be sgd or adam, got '\(opt)'")
        }
        var settings = TrainSettings(
            architecture: arch, widths: widths, teacher: try law(body, "teacher", of: kind),
            pretrainedNoise: try double(body, "pretrained_noise", of: kind), optimizer: optimizer,
            steps: try positiveInt(body, "steps", of: kind), batch: try positiveInt(body, "batch", of: kind),
            weightDecay: try double(body, "weight_decay", of: kind), loraRank: try body.optional("lora_rank")?.int(),
            loraAlpha: try double(body, "lora_alpha", of: kind), adapter: try adapter(body), trainSize: try positiveInt(body, "train_size", of: kind),
            testSize: try positiveInt(body, "test_size", of: kind), labelNoise: try double(body, "label_noise", of: kind))
        if let r = try body.optional("record_steps") {
            settings.recordSteps = try r.elements().map { (e) throws(ScenarioError) in try e.int() }
        }
        do { _ = try settings.make() } catch { throw body.error(error) }
        return .train(settings)
    }

    /// `adapter: full | lora | noise` of a train experiment (lora needs lora_rank).
    static func adapter(_ body: YAMLReader) throws(ScenarioError) -> AdapterKind {
        guard let node = try body.optional("adapter") else { return try body.optional("lora_rank") == nil ? .full : .lora }
        let text = try node.string()
        guard let value = AdapterKind(rawValue: text) else { throw node.error("adapter must be full, lora or noise, got '\(text)'") }
        if value == .lora, try body.optional("lora_rank") == nil { throw node.error("adapter: lora needs lora_rank") }
        if value != .lora, try body.optional("lora_rank") != nil { throw node.error("lora_rank needs adapter: lora") }
        return value
    }
}
