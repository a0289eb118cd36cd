import Sampling
import Simulation

/// The `train:` experiment with `architecture: llama`, parsed and validated once at load time:
/// a small LLaMA initialised per module, pretrained on one token source, fine-tuned on another
/// (fully, through LoRA, or through per-matrix noise scales).
///
/// ```
/// W₀ = init   →  pretrain on pretrain_source  →  P  →  fine-tune on finetune_source  →  F
/// tensors  layers.{l}.{q,k,v,o,gate,up,down}.{init, pretrained, delta, finetuned}   (delta = F − P)
/// displacement (tensor quantity)  ‖P − W₀‖/‖W₀‖ on .pretrained,  ‖F − P‖/‖P‖ on .finetuned and .delta
/// ```
/// Streams of one replicate: `seeds/sources/{pretrain,finetune}` draw the grammars and teachers,
/// the rest is ``LlamaTwoPhase``'s (`seeds/init`, `seeds/pretrain/…`, `seeds/finetune/…`).
public struct LlamaTrainSettings: Sendable, Equatable {
    public var config: LlamaConfig
    /// The initialisation strings as written (default for matrices, then per module kind).
    public var initSpec: String
    public var moduleInitSpecs: [String: String]
    public var initializer: InitializerBox
    public var pretrainSource: TokenSourceSpec
    public var finetuneSource: TokenSourceSpec
    public var length: Int
    public var trainSequences: Int
    public var heldOutSequences: Int
    public var pretraining: PhaseSettings
    public var finetuning: PhaseSettings
    public var mode: FineTuneAdapter.Mode
    /// Module kinds the LoRA / noise adapters target (empty: every block matrix).
    public var modules: [String]
    /// Which roles become tensors to analyse (a subset of ``LlamaTrainSettings/roles``).
    public var outputs: [String]

    /// Every role a block matrix can be output under.
    public static let roles = ["init", "pretrained", "delta", "finetuned"]
    /// Short names of the block matrices, in Hugging Face's order, and their module kinds.
    public static let matrices: [(short: String, kind: String)] = [("q", "q_proj"), ("k", "k_proj"), ("v", "v_proj"), ("o", "o_proj"),
                                                                   ("gate", "gate_proj"), ("up", "up_proj"), ("down", "down_proj")]

    /// One training phase as written: optimiser, schedule and recorded steps.
    public struct PhaseSettings: Sendable, Equatable {
        public var optimizer: LlamaOptimizer.Kind
        public var warmup: Int
        public var cosine: Bool
        public var minimumRatio: Double
        public var steps: Int
        public var batch: Int
        public var clip: Double?
        public var recordSteps: [Int]

        /// The phase as ``LlamaTraining``; `keepWeights` keeps the weights at recorded steps.
        func make() throws(SimulationError) -> LlamaTraining {
            let schedule = try LearningRateSchedule(warmupSteps: warmup, totalSteps: cosine ? steps : 0, minimumRatio: cosine ? minimumRatio : 0)
            return try LlamaTraining(optimizer: optimizer, schedule: schedule, steps: steps, batchSize: batch, clipNorm: clip,
                                     recordSteps: recordSteps)
        }
    }

    /// The two-phase run of one replicate, its token sources drawn from `seeds/sources`.
    func twoPhase(seeds: SeedTree, threads: Int) throws(SimulationError) -> LlamaTwoPhase {
        let s = seeds.child("sources"), v = config.vocabularySize
        let pre = try pretrainSource.make(seeds: s.child("pretrain"), vocabulary: v, pretrain: nil)
        let fine = try finetuneSource.make(seeds: s.child("finetune"), vocabulary: v, pretrain: pre)
        return try LlamaTwoPhase(config: config, initializer: initializer.initializer, pretrainSource: pre, finetuneSource: fine,
                                 length: length, trainSequences: trainSequences, heldOutSequences: heldOutSequences,
                                 pretraining: try pretraining.make(), finetuning: try finetuning.make(), finetuneMode: mode,
                                 finetuneModules: Set(modules), threads: threads)
    }

    /// Checks what the run would check, at load time (shapes, ranks, schedules, sources).
    func validate() throws(SimulationError) {
        _ = try pretraining.make()
        _ = try finetuning.make()
        guard (2...config.contextLength).contains(length) else {
            throw .invalidParameter("sequence_length \(length) is outside 2…\(config.contextLength) (the model's context)")
        }
        if pretrainSource.usesPretrain { throw .invalidParameter("pretrain_source cannot refer to 'pretrain'") }
        let parameters = LlamaParameters(config: config)
        _ = try FineTuneAdapter(mode: mode, parameters: parameters, modules: Set(modules), seeds: SeedTree(root: 0))
    }

    /// The name of block `l`'s matrix `short` in role `role`: `layers.{l}.{short}.{role}`.
    static func tensorName(layer l: Int, _ short: String, _ role: String) -> String { "layers.\(l).\(short).\(role)" }

    /// A tensor a replicate outputs: block `layer`'s matrix `short` (module `kind`) in `role`.
    struct Slot: Sendable, Equatable {
        var name: String
        var layer: Int
        var kind: String
        var role: String
        /// The Hugging Face name of the matrix.
        var weightName: String { "model.layers.\(layer).\(["q_proj", "k_proj", "v_proj", "o_proj"].contains(kind) ? "self_attn" : "mlp").\(kind).weight" }
    }

    /// The tensors of one replicate, block by block and matrix by matrix: `init` and `pretrained`
    /// of every matrix, `delta` and `finetuned` of the matrices the fine-tuning moves.
    var slots: [Slot] {
        let moved = Set(adaptedShorts)
        var out: [Slot] = []
        for l in 0..<config.layers {
            for (short, kind) in Self.matrices {
                for role in outputs where role == "init" || role == "pretrained" || moved.contains(short) {
                    out.append(Slot(name: Self.tensorName(layer: l, short, role), layer: l, kind: kind, role: role))
                }
            }
        }
        return out
    }

    /// The LoRA rank, when fine-tuning through LoRA.
    var loraRank: Int? { if case let .lora(r, _) = mode { return r } else { return nil } }

    /// The matrices the fine-tuning moves (all under full fine-tuning).
    var adaptedShorts: [String] {
        guard mode != .full else { return Self.matrices.map(\.short) }
        let kinds = modules.isEmpty ? Set(Self.matrices.map(\.kind)) : Set(modules)
        return Self.matrices.filter { kinds.contains($0.kind) }.map(\.short)
    }
}
