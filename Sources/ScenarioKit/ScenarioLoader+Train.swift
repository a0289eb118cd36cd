import Simulation

/// The `train:` experiment: `architecture: llama` goes to ScenarioLoader+Llama.swift, the others
/// (linear, relu) are read here.
extension ScenarioLoader {
    static func parseTrain(_ body: YAMLReader, _ kind: ExperimentKind) throws(ScenarioError) -> Experiment {
        let archNode = try requiredField(body, "architecture", of: kind)
        let archText = try archNode.string()
        if archText == "llama" { return try ExperimentKind.llama.parse(body) }
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
        let teacher = try law(body, "teacher", of: kind), pretrainedNoise = try double(body, "pretrained_noise", of: kind)
        let steps = try positiveInt(body, "steps", of: kind), batch = try positiveInt(body, "batch", of: kind)
        let weightDecay = try double(body, "weight_decay", of: kind), loraRank = try body.optional("lora_rank")?.int()
        let loraAlpha = try double(body, "lora_alpha", of: kind), adapter = try adapter(body)
        let trainSize = try positiveInt(body, "train_size", of: kind), testSize = try positiveInt(body, "test_size", of: kind)
        let labelNoise = try double(body, "label_noise", of: kind)
        let recordSteps = try body.optional("record_steps")?.elements().map { (e) throws(ScenarioError) in try e.int() } ?? []
        return .train(try build(body, kind) { () throws(SimulationError) in
            try TrainedFineTuning(architecture: arch, widths: widths, teacher: teacher, pretrainedNoise: pretrainedNoise, optimizer: optimizer,
                                  steps: steps, batchSize: batch, weightDecay: weightDecay, loraRank: loraRank, loraAlpha: loraAlpha,
                                  noiseScales: adapter == .noise, recordSteps: recordSteps, trainSize: trainSize, testSize: testSize,
                                  labelNoise: labelNoise)
        })
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
