import Simulation

/// The field table of each experiment kind (the LLaMA's: ExperimentKind+Llama.swift). A new field
/// is one line here, its reading in the kind's parser (ScenarioLoader+Experiments.swift and
/// beside it) and the parameter it sets in the simulation type the parser builds; key checks,
/// hints and the schema follow, and a `default:` here is the value the parser takes when the key
/// is absent (``ScenarioLoader/field(_:_:of:)``).
extension ExperimentKind {
    static let sample = ExperimentKind(name: "sample", doc: "draw tensors.{i} from a law", fields: [
        ExperimentField("law", .law, required: true, "the law of the entries"),
        ExperimentField("shape", .shape, required: true, "the shape of each tensor"),
        ExperimentField("tensors", .integer, default: "1", "how many tensors a replicate draws"),
        ExperimentField("rank", .integerOrFull, default: "full", "a rank-r matrix B·A of the law's variance"),
    ], parser: ScenarioLoader.parseSample)

    static let checkpoint = ExperimentKind(name: "checkpoint", doc: "analyse the tensors of the checkpoint given with --input", fields: [
        ExperimentField("tensors", .regex, "regex on tensor names (default: every tensor)"),
        ExperimentField("matrices", .boolean, default: "true",
                        "only tensors of two or more dimensions (default true; false adds vectors such as biases and norms)"),
    ], parser: ScenarioLoader.parseCheckpoint)

    static let drift = ExperimentKind(name: "drift", doc: "additive drift over depth: pretrained, delta and finetuned per layer", fields: [
        ExperimentField("layers", .integer, default: "12", "the number of layers (without model)"),
        ExperimentField("shape", .shape, "the shape of every layer's matrix (without model)"),
        ExperimentField("model", .driftModel, "a preset {preset, width, layers} or an explicit {layers: [{name, shape, depth, module}]}"),
        ExperimentField("pretrained", .law, default: "gaussian(sigma=1)", "the law of W0, rescaled to std sigma0 by depth"),
        ExperimentField("pretrained_file", .string, "safetensors/.npy file or checkpoint folder, relative to the scenario"),
        ExperimentField("sigma0", .schedule, "σ0(l), the std of W0 by depth (not with pretrained_file)"),
        ExperimentField("delta", .law, default: "gaussian(sigma=1)", "the law of ΔW, rescaled to std sigma_delta by depth"),
        ExperimentField("sigma_delta", .schedule, required: true, "σΔ(l), the std of ΔW by depth"),
        ExperimentField("delta_rank", .integerOrSchedule, "a low-rank ΔW: its rank, or a depth schedule of ranks"),
        ExperimentField("scale", .schedule, default: "1", "s(l), the factor on W0 by depth"),
        ExperimentField("module_multipliers", .positiveNumbers, "m, a factor on both stds per module kind"),
    ], parser: ScenarioLoader.parseDrift)

    static let lowRank = ExperimentKind(name: "low_rank", doc: "LoRA-style updates ΔW = (α/r)·B·A", fields: [
        ExperimentField("shape", .shape, required: true, "the shape of ΔW"),
        ExperimentField("rank", .integerOrSchedule, required: true, "a rank, or with layers a depth schedule of ranks"),
        ExperimentField("alpha", .number, derivedDefault: "r", "α in (α/r)·B·A"),
        ExperimentField("sigma_a", .number, "A Gaussian with this σ (instead of law_a)"),
        ExperimentField("sigma_b", .number, "B Gaussian with this σ (instead of law_b)"),
        ExperimentField("law_a", .law, default: "gaussian(sigma=1)", "the law of A's entries"),
        ExperimentField("law_b", .law, default: "gaussian(sigma=1)", "the law of B's entries"),
        ExperimentField("layers", .integer, "one update per layer, layers.{l}.delta"),
    ], parser: ScenarioLoader.parseLowRank)

    static let merge = ExperimentKind(name: "merge", doc: "merging task vectors over a shared W* (quantities only)", fields: [
        ExperimentField("shape", .shape, required: true, "the shape of W* (rows×columns)"),
        ExperimentField("optimum", .law, default: "wstar(sigma=0.02, c=2.5)", "the law of W*"),
        ExperimentField("tasks", .integer, default: "4", "the number K of task vectors"),
        ExperimentField("task_sigma", .number, required: true, "σ_τ, the std of each task's τ_k"),
        ExperimentField("base_shrink", .number, default: "1", "s in the base B = s·W* + β"),
        ExperimentField("base_sigma", .number, default: "0", "σ_b, the std of β"),
        ExperimentField("trim", .number, default: "0.2", "p, the top fraction by |·| TIES keeps of each d_k"),
        ExperimentField("amplify_quantile", .number, default: "0.99", "q: entries of mean d_k above its q-quantile are amplified"),
        ExperimentField("gamma", .number, default: "2", "γ, the factor on those entries"),
    ], parser: ScenarioLoader.parseMerge)

    static let train = ExperimentKind(name: "train", doc: "trained fine-tuning of a student network (architecture: llama has its own keys)", fields: [
        ExperimentField("architecture", .choice(["linear", "relu"]), default: "relu", "the student (llama: see the llama keys)"),
        ExperimentField("widths", .integers(minimum: 1, minItems: 2), required: true, "the layer widths, input first"),
        ExperimentField("teacher", .law, default: "wstar(sigma=1, c=2.5, sparsity=0.5)", "the law of the teacher's weights"),
        ExperimentField("pretrained_noise", .number, default: "0.5", "ν: P_l = T_l + N(0, (ν·g/√d_l)²)"),
        ExperimentField("optimizer", .choice(["sgd", "adam"]), default: "adam", "the optimiser"),
        ExperimentField("learning_rate", .number, derivedDefault: "0.05 (sgd), 0.001 (adam)", "the learning rate"),
        ExperimentField("momentum", .number, default: "0.9", "the momentum of sgd"),
        ExperimentField("steps", .integer, default: "300", "the training steps"),
        ExperimentField("batch", .integer, default: "32", "the batch size"),
        ExperimentField("weight_decay", .number, default: "0", "the weight decay"),
        ExperimentField("lora_rank", .integer, "the LoRA rank (adapter: lora)"),
        ExperimentField("lora_alpha", .number, default: "1", "the LoRA α"),
        ExperimentField("adapter", .choice(AdapterKind.allCases.map(\.rawValue)), derivedDefault: "full (lora with lora_rank)", "what the fine-tuning moves"),
        ExperimentField("train_size", .integer, default: "1024", "the training examples"),
        ExperimentField("test_size", .integer, default: "512", "the held-out examples"),
        ExperimentField("label_noise", .number, default: "0", "s in y = teacher(x) + N(0, s²)"),
        ExperimentField("record_steps", .integers(minimum: nil, minItems: 1), "steps at which ΔW and the losses are recorded too"),
    ], parser: ScenarioLoader.parseTrain)

    static let sigmaGap = ExperimentKind(name: "sigma_gap", doc: "the σ gap against the loss gap of a student W* + δ (quantities only)", fields: [
        ExperimentField("shape", .shape, required: true, "the shape of W* (rows×columns)"),
        ExperimentField("optimum", .law, default: "wstar(sigma=0.02, c=2.5)", "the law of W*"),
        ExperimentField("gap", .number, required: true, "g: the student is W* + δ, δ ~ N(0, (g·σ*)²)"),
        ExperimentField("test_size", .integer, default: "256", "the test inputs"),
    ], parser: ScenarioLoader.parseSigmaGap)
}
