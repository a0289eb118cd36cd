import Foundation
import Sampling

/// Simulation by mechanism: initialise a LLaMA, pretrain it on one token source, then fine-tune
/// it on another (fully, through LoRA, or through per-matrix noise scales), recording both phases.
///
/// ```
/// W₀ = init(seeds/init)          pretrain on source A  →  P = W₀ + ΔW_train
/// fine-tune on source B from P   →  F = P + ΔW_ft       (ΔW_ft = s·B·A under LoRA)
/// streams: seeds/sources/{pretrain,finetune} (the token sources' grammars and teachers),
///          seeds/init, seeds/pretrain/{train,held,run}, seeds/finetune/{train,held,run,adapter}
/// ```
public struct LlamaTwoPhase: Sendable, Equatable {
    public var config: LlamaConfig
    public var initializer: LlamaInitializer
    /// The pretraining text, drawn anew in each run (it cannot refer to `pretrain`).
    public var pretrainSource: TokenSourceSpec
    /// The fine-tuning text; `pretrain` in it is the run's pretraining source.
    public var finetuneSource: TokenSourceSpec
    public var length: Int
    public var trainSequences: Int
    public var heldOutSequences: Int
    public var pretraining: LlamaTraining
    public var finetuning: LlamaTraining
    public var finetuneMode: FineTuneAdapter.Mode
    /// Module kinds the LoRA / noise adapters target (empty: every block matrix).
    public var finetuneModules: Set<String>
    public var threads: Int

    /// - Throws: when the sequence length exceeds the model's context, a count is below 1, the
    ///   pretraining source refers to itself, or the adapter does not fit the model.
    public init(config: LlamaConfig, initializer: LlamaInitializer, pretrainSource: TokenSourceSpec, finetuneSource: TokenSourceSpec,
                length: Int, trainSequences: Int, heldOutSequences: Int, pretraining: LlamaTraining, finetuning: LlamaTraining,
                finetuneMode: FineTuneAdapter.Mode = .full, finetuneModules: Set<String> = [], threads: Int = 1) throws(SimulationError) {
        guard (2...config.contextLength).contains(length) else {
            throw .invalidParameter("sequence_length \(length) is outside 2…\(config.contextLength) (the model's context)")
        }
        guard trainSequences >= 1, heldOutSequences >= 1 else { throw .invalidParameter("two-phase: need ≥ 1 training and held-out sequences") }
        if pretrainSource.usesPretrain { throw .invalidParameter("pretrain_source cannot refer to 'pretrain'") }
        _ = try FineTuneAdapter(mode: finetuneMode, parameters: LlamaParameters(config: config), modules: finetuneModules, seeds: SeedTree(root: 0))
        self.config = config; self.initializer = initializer; self.pretrainSource = pretrainSource; self.finetuneSource = finetuneSource
        self.length = length; self.trainSequences = trainSequences; self.heldOutSequences = heldOutSequences
        self.pretraining = pretraining; self.finetuning = finetuning; self.finetuneMode = finetuneMode
        self.finetuneModules = finetuneModules; self.threads = threads
    }

    /// The token sources of one run, drawn from `seeds/sources/{pretrain,finetune}`.
    /// - Throws: when a source's vocabulary exceeds the model's.
    public func sources(seeds: SeedTree) throws(SimulationError) -> (pretrain: TokenSource, finetune: TokenSource) {
        let s = seeds.child("sources"), v = config.vocabularySize
        let pre = try pretrainSource.make(seeds: s.child("pretrain"), vocabulary: v, pretrain: nil)
        let fine = try finetuneSource.make(seeds: s.child("finetune"), vocabulary: v, pretrain: pre)
        for source in [pre, fine] where source.vocabularySize > v {
            throw .invalidParameter("two-phase: a token source has vocabulary \(source.vocabularySize) > the model's \(v)")
        }
        return (pre, fine)
    }

    public struct Result: Sendable {
        public var initial: LlamaParameters
        public var pretrained: LlamaParameters
        public var finetuned: LlamaParameters
        public var pretrain: LlamaTraining.Result
        public var finetune: LlamaTraining.Result
        public var adapter: FineTuneAdapter
    }

    public func run(seeds: SeedTree) throws(SimulationError) -> Result {
        let (pretrainSource, finetuneSource) = try sources(seeds: seeds)
        var parameters = LlamaParameters(config: config)
        initializer.initialize(&parameters, seeds: seeds.child("init"), threads: threads)
        var model = try LlamaModel(config: config, parameters: parameters, threads: threads)
        let initial = model.parameters
        let p = seeds.child("pretrain"), f = seeds.child("finetune")
        let pre = try pretraining.run(&model, train: try pretrainSource.generate(count: trainSequences, length: length, seeds: p.child("train")),
                                      heldOut: try pretrainSource.generate(count: heldOutSequences, length: length, seeds: p.child("held")),
                                      length: length, seeds: p.child("run"))
        let pretrained = model.parameters
        let adapter = try FineTuneAdapter(mode: finetuneMode, parameters: pretrained, modules: finetuneModules, seeds: f.child("adapter"))
        let fine = try finetuning.run(&model, adapter: adapter,
                                      train: try finetuneSource.generate(count: trainSequences, length: length, seeds: f.child("train")),
                                      heldOut: try finetuneSource.generate(count: heldOutSequences, length: length, seeds: f.child("held")),
                                      length: length, seeds: f.child("run"))
        return Result(initial: initial, pretrained: pretrained, finetuned: model.parameters, pretrain: pre, finetune: fine, adapter: adapter)
    }

    /// Writes `initial/`, `pretrained/`, `finetuned/` (Hugging Face checkpoints) and, for LoRA, `adapter/` (PEFT) under `directory`.
    public static func write(_ result: Result, to directory: URL, metadata: [String: String] = [:]) throws(SimulationError) {
        try LlamaCheckpoint.write(result.initial, to: directory.appendingPathComponent("initial"), metadata: metadata)
        try LlamaCheckpoint.write(result.pretrained, to: directory.appendingPathComponent("pretrained"), metadata: metadata)
        try LlamaCheckpoint.write(result.finetuned, to: directory.appendingPathComponent("finetuned"), metadata: metadata)
        if case .lora = result.adapter.mode {
            try result.adapter.writePEFT(theta: result.finetune.theta, to: directory.appendingPathComponent("adapter"))
        }
    }
}
