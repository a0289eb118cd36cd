import Foundation
import Testing
@testable import ScenarioKit
import Simulation

/// The `train:` experiment with `architecture: llama`: loading (good and bad settings, errors
/// naming the key), what a run outputs, bit-for-bit reproducibility, and losses that fall. Runs
/// are seeded and deterministic, so the assertions have no false-failure probability; the loss
/// margins are far inside what the tiny model reaches (values in the messages when they fail).
@Suite struct LlamaScenarioTests {
    static let scenario = """
    name: llama-tiny
    seed: 11
    replicates: 3
    cases:
      - {mode: full, rank: "~", label: full}
      - {mode: lora, rank: 2, label: lora}
    experiment:
      train:
        architecture: llama
        model: {d_model: 16, layers: 3, heads: 2, ffn: 32, vocab: 24, context: 12}
        init: kaiming_uniform
        init_modules: {embed_tokens: "normal(std=0.02)", down_proj: "wstar(sigma=0.05, c=2.5, sparsity=0.3)"}
        pretrain_source: {grammar: {branching: 3}}
        finetune_source: {mixture: {a: pretrain, b: {grammar: {branching: 2}}, weight: 0.5}}
        sequence_length: 12
        train_sequences: 48
        held_out_sequences: 16
        pretrain: {steps: 40, learning_rate: 0.01, schedule: cosine, warmup: 4, batch: 8, weight_decay: 0.01, record_steps: [10]}
        finetune:
          steps: 20
          learning_rate: 0.005
          batch: 8
          mode: ${mode}
          lora_rank: ${rank}
          lora_alpha: 4
          record_steps: [5]
    analysis: {fits: false, filters: false, iid: false, spectrum: false}
    claims:
      - {name: pretraining lowers the held-out loss, metric: loss.pretrain.held_out_ratio, expect: {at_most: 0.9}}
      - {name: pretrained weights near Gaussian, metric: excess_kurtosis, tensor: 'pretrained$', expect: {evidence: {threshold: 0.5, above: "no", below: "yes"}}}
      - {name: displacement grows with depth, metric: displacement, tensor: 'q\\.pretrained$', statistic: spearman_depth, expect: {evidence: {threshold: 0, above: "yes", below: "no"}}}
      - {name: LoRA against 6/r, metric: lora.excess_kurtosis_gap, cases: lora, expect: {evidence: {threshold: 0, above: "above", below: "below"}}}
    """

    static func load(_ text: String = scenario) throws -> Scenario { try ScenarioLoader.parse(text, file: "llama.yaml") }

    @Test func settingsAreParsedOnce() throws {
        let s = try Self.load()
        guard case let .llama(full, _) = s.caseExperiments[0], case let .llama(lora, _) = s.caseExperiments[1] else {
            Issue.record("not LLaMA experiments: \(s.caseExperiments)"); return
        }
        #expect(s.caseExperiments[0].kind == "train")
        #expect(full.config.hiddenSize == 16 && full.config.layers == 3 && full.config.heads == 2 && full.config.kvHeads == 2)
        #expect(full.finetuneMode == .full && lora.finetuneMode == .lora(rank: 2, alpha: 4))
        #expect(full.pretraining.schedule == (try LearningRateSchedule(warmupSteps: 4, totalSteps: 40)) && full.pretraining.recordSteps == [10])
        #expect(full.finetuneSource == .mixture(.pretrain, .grammar(branching: 2), weight: 0.5))
        #expect(full.initializer.byModule["down_proj"] != nil)
        try ScenarioRunner(scenario: s, threads: 1, version: "test").validate()
    }

    /// Each edit of the valid scenario, and the text its error must contain (the key it names).
    @Test(arguments: [
        ("heads: 2", "heads: 3", "heads: llama config: num_attention_heads (3) must divide hidden_size (16)"),
        ("init: kaiming_uniform", "init: kaiming_uniformm", "init: unknown initialisation 'kaiming_uniformm'"),
        ("down_proj: \"wstar", "down_prj: \"wstar", "unknown module kind 'down_prj'"),
        ("branching: 3", "branching: 30", "branching: must be at most the vocabulary 24"),
        ("weight: 0.5", "weight: 1.5", "weight: must be in [0, 1]"),
        ("schedule: cosine", "schedule: linear", "schedule: schedule must be constant or cosine"),
        ("record_steps: [10]", "record_steps: [50]", "record_steps must increase strictly and lie in [1, steps)"),
        ("sequence_length: 12", "sequence_length: 20", "sequence_length 20 is outside 2…12"),
        ("lora_alpha: 4", "lora_alpha: 4\n      dropout: 0.1", "unknown key 'dropout'"),
        ("pretrain_source: {grammar", "pretrain_source: {grammer", "unknown key 'grammer' (did you mean 'grammar'?)"),
        ("{grammar: {branching: 3}}", "pretrain", "pretrain_source cannot refer to 'pretrain'"),
        ("learning_rate: 0.01", "learning_rate: -1", "adamw: need lr > 0"),
    ])
    func badSettingsNameTheirKey(old: String, new: String, expected: String) {
        #expect(Self.scenario.contains(old), "the edit does not apply: \(old)")
        do {
            _ = try Self.load(Self.scenario.replacingOccurrences(of: old, with: new))
            Issue.record("accepted: \(new)")
        } catch {
            #expect("\(error)".contains(expected), "\(error)")
        }
    }

    /// Named tensors with depths, as validation predicts; finite values; the quantities declared.
    @Test func runOutputsNamedFiniteTensorsAndFallingLosses() throws {
        let s = try Self.load()
        let runner = ScenarioRunner(scenario: s, threads: 1, version: "test")
        for c in s.cases.indices {
            let out = try runner.output(caseIndex: c, replicate: 0)
            let expected = try #require(s.caseExperiments[c].producedTensors(input: nil))
            #expect(out.tensors.map(\.name) == expected.map(\.name))
            #expect(out.tensors.allSatisfy { $0.values.allSatisfy(\.isFinite) && $0.depth != nil && $0.values.count == $0.shape.reduce(1, *) })
            #expect(out.tensors.contains { $0.name == "layers.2.down.pretrained" && $0.depth == 2 && $0.shape == [16, 32] })
            #expect(out.quantities.map(\.0) == s.caseExperiments[c].experimentQuantities)
            let q = Dictionary(out.quantities, uniquingKeysWith: { a, _ in a })
            #expect(q["diverged"] == 0)
            for phase in ["pretrain", "finetune"] {
                let train = try #require(q["loss.\(phase).train_ratio"]), held = try #require(q["loss.\(phase).held_out_ratio"])
                #expect(train < 0.95 && held < 0.95, "\(phase), case \(c): train ratio \(train), held-out ratio \(held)")
            }
            #expect(try #require(q["loss.pretrain.train_ratio"]) < 0.7)
        }
        // LoRA moves only the adapted matrices (all by default) and reports 6/r.
        let lora = Dictionary(try runner.output(caseIndex: 1, replicate: 0).quantities, uniquingKeysWith: { a, _ in a })
        #expect(lora["lora.excess_kurtosis_theory"] == 3)
    }

    /// The same seed gives the same numbers bit for bit; another replicate differs.
    @Test func runIsReproducibleFromItsSeed() throws {
        let runner = ScenarioRunner(scenario: try Self.load(), threads: 1, version: "test")
        let a = try runner.output(caseIndex: 1, replicate: 0), b = try runner.output(caseIndex: 1, replicate: 0)
        #expect(a.tensors.map(\.values) == b.tensors.map(\.values))
        #expect(a.quantities.map(\.1) == b.quantities.map(\.1))
        let other = try runner.output(caseIndex: 1, replicate: 1)
        #expect(other.tensors.map(\.values) != a.tensors.map(\.values))
    }

    /// A learning rate that overflows is a reported divergence, not NaN tensors.
    @Test func divergenceIsReported() throws {
        let text = Self.scenario.replacingOccurrences(of: "steps: 40, learning_rate: 0.01", with: "steps: 40, optimizer: sgd, clip: none, learning_rate: 1e30")
        let out = try ScenarioRunner(scenario: try Self.load(text), threads: 1, version: "test").output(caseIndex: 0, replicate: 0)
        #expect(out.divergedAt != nil && out.tensors.isEmpty)
        #expect(out.quantities.first { $0.0 == "diverged" }?.1 == 1)
    }
}
