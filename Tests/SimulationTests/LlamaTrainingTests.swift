import Foundation
import GSLKit
import Sampling
import Testing
import TensorIO
@testable import Simulation

/// Training phases end to end on a tiny model (d = 32, 2 layers, vocabulary 24, length 12). All
/// runs are seeded and deterministic, so the assertions have no false-failure probability; the
/// loss margins are far inside what the runs reach (printed in the messages when they fail).
@Suite struct LlamaTrainingTests {
    static let length = 12

    static func model(seed: UInt64 = 1, scheme: InitScheme = .huggingFace) throws -> LlamaModel {
        let config = try LlamaConfig(hiddenSize: 32, layers: 2, heads: 4, intermediateSize: 48, vocabularySize: 24, contextLength: 16)
        var p = LlamaParameters(config: config)
        try LlamaInitializer(matrices: scheme).initialize(&p, seeds: SeedTree(root: seed))
        return try LlamaModel(config: config, parameters: p, threads: 2)
    }

    static func data(seed: UInt64, count: Int) throws -> [Int32] {
        let grammar = try MarkovGrammar(vocabularySize: 24, branching: 3, seeds: SeedTree(root: 40))
        return try TokenSource.markov(grammar).generate(count: count, length: length, seeds: SeedTree(root: seed))
    }

    static func training(steps: Int = 60, lr: Double = 1e-2) throws -> LlamaTraining {
        try LlamaTraining(optimizer: .adamW(learningRate: lr, beta1: 0.9, beta2: 0.95, epsilon: 1e-8, weightDecay: 0.01),
                          schedule: try LearningRateSchedule(warmupSteps: 5, totalSteps: steps), steps: steps, batchSize: 16,
                          clipNorm: 1, recordSteps: [10])
    }

    /// Pretraining on the grammar: the loss falls on train and held-out data (from ln 24 ≈ 3.18
    /// towards the grammar's ≤ ln 3 ≈ 1.10 nats); the run is bit-for-bit reproducible.
    @Test func pretrainingLowersTrainAndHeldOutLoss() throws {
        let train = try Self.data(seed: 1, count: 128), held = try Self.data(seed: 2, count: 32)
        var a = try Self.model(), b = try Self.model()
        let ra = try Self.training().run(&a, train: train, heldOut: held, length: Self.length, seeds: SeedTree(root: 7))
        let rb = try Self.training().run(&b, train: train, heldOut: held, length: Self.length, seeds: SeedTree(root: 7))
        #expect(ra.final.trainLoss < ra.initialTrainLoss - 0.8, "train \(ra.initialTrainLoss) → \(ra.final.trainLoss)")
        #expect(ra.final.heldOutLoss < ra.initialHeldOutLoss - 0.8, "held-out \(ra.initialHeldOutLoss) → \(ra.final.heldOutLoss)")
        #expect(a.parameters.values == b.parameters.values)
        #expect(ra.batchLosses == rb.batchLosses)
        #expect(ra.records.map(\.step) == [10, 60])
        let q = ra.final.weights.first { $0.name == "model.layers.0.self_attn.q_proj.weight" }!
        #expect((q.displacement ?? 0) > 0)
    }

    /// LoRA: only the targets move, ΔW = s·B·A has rank ≤ r, and the PEFT folder has PEFT's names.
    @Test func loraFineTuningMovesOnlyTargetsWithLowRank() throws {
        var model = try Self.model()
        let base = model.parameters.values
        let adapter = try FineTuneAdapter(mode: .lora(rank: 2, alpha: 4), parameters: model.parameters, modules: ["q_proj", "v_proj"], seeds: SeedTree(root: 3))
        let train = try Self.data(seed: 3, count: 64), held = try Self.data(seed: 4, count: 16)
        let r = try Self.training(steps: 20).run(&model, adapter: adapter, train: train, heldOut: held, length: Self.length, seeds: SeedTree(root: 3))
        #expect(r.final.trainLoss < r.initialTrainLoss, "train \(r.initialTrainLoss) → \(r.final.trainLoss)")
        for e in model.parameters.entries {
            let moved = model.parameters.values[e.offset..<(e.offset + e.count)] != base[e.offset..<(e.offset + e.count)]
            let kind = LlamaParameters.moduleKind(e.name)
            #expect(moved == (kind == "q_proj" || kind == "v_proj"), "\(e.name) moved: \(moved)")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("weightlab-peft-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try adapter.writePEFT(theta: r.theta, to: folder)
        let file = try SafetensorsFile(url: folder.appendingPathComponent("adapter_model.safetensors"))
        #expect(file.info("base_model.model.model.layers.1.self_attn.v_proj.lora_A.weight")?.shape == [2, 32])
        #expect(file.info("base_model.model.model.layers.1.self_attn.v_proj.lora_B.weight")?.shape == [32, 2])
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("adapter_config.json"))) as! [String: Any]
        #expect(json["r"] as? Int == 2 && json["peft_type"] as? String == "LORA")
    }

    /// PEFT's initialisation: A ~ U(±1/√in), B = 0, so W = P exactly at step 0.
    @Test func loraStartsAtTheBaseWeights() throws {
        let model = try Self.model()
        let adapter = try FineTuneAdapter(mode: .lora(rank: 4, alpha: 8), parameters: model.parameters, seeds: SeedTree(root: 1))
        let theta = adapter.initial(base: model.parameters, seeds: SeedTree(root: 1))
        #expect(adapter.weights(base: model.parameters.values, theta: theta) == model.parameters.values)
        let a = theta[0..<(4 * 32)]
        #expect(a.allSatisfy { abs($0) <= 1 / Float(32).squareRoot() } && a.contains { $0 != 0 })
        #expect(theta[(4 * 32)..<(4 * 64)].allSatisfy { $0 == 0 })
    }

    /// The LoRA and noise-scale pullbacks against central differences of the loss in θ (same
    /// float32 bound as LlamaGradientTests).
    @Test(arguments: ["lora", "noise"]) func adapterGradientsMatchFiniteDifferences(mode: String) throws {
        let model = try Self.model(scheme: .normal(std: 0.2))
        let tokens = try Self.data(seed: 5, count: 4)
        let adapter = try FineTuneAdapter(mode: mode == "lora" ? .lora(rank: 2, alpha: 2) : .noise, parameters: model.parameters,
                                          modules: ["k_proj", "down_proj"], seeds: SeedTree(root: 8))
        let engine = RandomEngine(seed: 6)
        let theta = (0..<adapter.trainableCount).map { _ in Float(engine.gaussian(0.5)) }
        func loss(_ t: [Float]) throws -> Double {
            var m = model
            m.parameters.values = adapter.weights(base: model.parameters.values, theta: t)
            return try m.loss(tokens: tokens, batch: 4)
        }
        var m = model
        m.parameters.values = adapter.weights(base: model.parameters.values, theta: theta)
        let g = adapter.pullback(try m.lossAndGradient(tokens: tokens, batch: 4).gradient, theta: theta)
        for i in stride(from: 0, to: theta.count, by: max(1, theta.count / 12)) {
            var plus = theta, minus = theta
            plus[i] += 4e-3
            minus[i] -= 4e-3
            let numeric = (try loss(plus) - (try loss(minus))) / Double(plus[i] - minus[i])
            #expect(abs(numeric - Double(g[i])) <= 1e-2 * abs(Double(g[i])) + 1e-3, "θ[\(i)]: numeric \(numeric), analytic \(g[i])")
        }
    }

    /// A learning rate far too large is a reported divergence, and the model is left untouched.
    /// (RMSNorm makes the loss scale-invariant, so merely large steps saturate at ln V rather than
    /// diverge; η = 10³⁰ overflows float32 in the first norms.)
    @Test func divergenceIsAnErrorNotANaNModel() throws {
        var model = try Self.model()
        let before = model.parameters.values
        let train = try Self.data(seed: 1, count: 32), held = try Self.data(seed: 2, count: 8)
        let wild = try LlamaTraining(optimizer: .sgd(learningRate: 1e30, momentum: 0.9, weightDecay: 0), steps: 30, batchSize: 8, clipNorm: nil)
        do {
            _ = try wild.run(&model, train: train, heldOut: held, length: Self.length, seeds: SeedTree(root: 1))
            Issue.record("a run with η = 10³⁰ did not report a divergence")
        } catch {
            guard case .diverged = error else { Issue.record("expected a divergence, got \(error)"); return }
        }
        #expect(model.parameters.values == before)
    }

    /// Teacher text: reproducible, in the vocabulary, and a sharper teacher (low temperature) is more predictable to itself.
    @Test func teacherSamplingIsSeededAndTemperatureMatters() throws {
        let teacher = try Self.model(seed: 9, scheme: .normal(std: 0.3))
        let a = try TokenSource.teacher(teacher, temperature: 1).generate(count: 24, length: Self.length, seeds: SeedTree(root: 4))
        let b = try TokenSource.teacher(teacher, temperature: 1).generate(count: 24, length: Self.length, seeds: SeedTree(root: 4))
        #expect(a == b && a.allSatisfy { (0..<24).contains($0) })
        let cold = try TokenSource.teacher(teacher, temperature: 0.3).generate(count: 24, length: Self.length, seeds: SeedTree(root: 4))
        #expect(try teacher.loss(tokens: cold, batch: 24) < teacher.loss(tokens: a, batch: 24))
    }

    /// Two phases end to end: uniform init → pretrain on one grammar → LoRA fine-tune on a shifted
    /// mixture; both phases lower their own training loss and the folders are written.
    @Test func twoPhasesRunAndWriteCheckpoints() throws {
        let config = try LlamaConfig(hiddenSize: 32, layers: 2, heads: 4, intermediateSize: 48, vocabularySize: 24, contextLength: 16)
        // Grammar a pretrains; fine-tuning mixes a with another grammar b (both drawn from the run's seed).
        let phases = try LlamaTwoPhase(config: config, initializer: try LlamaInitializer(matrices: .uniform(lower: -0.05, upper: 0.05)),
                                       pretrainSource: .grammar(branching: 3), finetuneSource: .mixture(.pretrain, .grammar(branching: 3), weight: 0.5),
                                       length: Self.length, trainSequences: 64, heldOutSequences: 16,
                                       pretraining: try Self.training(steps: 40), finetuning: try Self.training(steps: 20),
                                       finetuneMode: .lora(rank: 2, alpha: 4), threads: 2)
        let r = try phases.run(seeds: SeedTree(root: 12))
        #expect(r.pretrain.final.trainLoss < r.pretrain.initialTrainLoss - 0.5, "pretrain \(r.pretrain.initialTrainLoss) → \(r.pretrain.final.trainLoss)")
        #expect(r.finetune.final.trainLoss < r.finetune.initialTrainLoss, "finetune \(r.finetune.initialTrainLoss) → \(r.finetune.final.trainLoss)")
        #expect(r.pretrained.values != r.initial.values && r.finetuned.values != r.pretrained.values)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("weightlab-two-phase-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try LlamaTwoPhase.write(r, to: folder)
        for sub in ["initial/model.safetensors", "pretrained/config.json", "finetuned/model.safetensors", "adapter/adapter_model.safetensors"] {
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(sub).path), "\(sub) missing")
        }
        #expect(try LlamaCheckpoint.read(folder.appendingPathComponent("finetuned")).values == r.finetuned.values)
    }
}
