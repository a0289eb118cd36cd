import Foundation
import Sampling

/// Simulation by mechanism: initialise a LLaMA, pretrain it on one token source, then fine-tune
/// it on another (fully, through LoRA, or through per-matrix noise scales), recording both phases.
///
/// ```
/// W₀ = init(seeds/init)          pretrain on source A  →  P = W₀ + ΔW_train
/// fine-tune on source B from P   →  F = P + ΔW_ft       (ΔW_ft = s·B·A under LoRA)
/// streams: seeds/init, seeds/pretrain/{train,held,run}, seeds/finetune/{train,held,run,adapter}
/// ```
public struct LlamaTwoPhase: Sendable {
    public var config: LlamaConfig
    public var initializer: LlamaInitializer
    public var pretrainSource: TokenSource
    public var finetuneSource: TokenSource
    public var length: Int
    public var trainSequences: Int
    public var heldOutSequences: Int
    public var pretraining: LlamaTraining
    public var finetuning: LlamaTraining
    public var finetuneMode: FineTuneAdapter.Mode
    /// Module kinds the LoRA / noise adapters target (empty: every block matrix).
    public var finetuneModules: Set<String>
    public var threads: Int

    public init(config: LlamaConfig, initializer: LlamaInitializer, pretrainSource: TokenSource, finetuneSource: TokenSource,
                length: Int, trainSequences: Int, heldOutSequences: Int, pretraining: LlamaTraining, finetuning: LlamaTraining,
                finetuneMode: FineTuneAdapter.Mode = .full, finetuneModules: Set<String> = [], threads: Int = 1) throws(SimulationError) {
        guard (2...config.contextLength).contains(length) else { throw .invalidParameter("two-phase: length \(length) is outside 2…\(config.contextLength)") }
        guard trainSequences >= 1, heldOutSequences >= 1 else { throw .invalidParameter("two-phase: need ≥ 1 training and held-out sequences") }
        for s in [pretrainSource, finetuneSource] where s.vocabularySize > config.vocabularySize {
            throw .invalidParameter("two-phase: a token source has vocabulary \(s.vocabularySize) > the model's \(config.vocabularySize)")
        }
        self.config = config; self.initializer = initializer; self.pretrainSource = pretrainSource; self.finetuneSource = finetuneSource
        self.length = length; self.trainSequences = trainSequences; self.heldOutSequences = heldOutSequences
        self.pretraining = pretraining; self.finetuning = finetuning; self.finetuneMode = finetuneMode
        self.finetuneModules = finetuneModules; self.threads = threads
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
