import Testing
@testable import ScenarioKit

/// `train:` with `architecture: llama` has field tables like the other kinds (its keys, its
/// `model:`, its two phases): unknown keys are listed against them with a hint, their defaults are
/// the values the parser takes, and the schema describes exactly their keys.
@Suite struct LlamaFieldTableTests {
    /// A minimal LLaMA body: every key that has a default left out.
    static let minimal = """
    architecture: llama
    model: {}
    pretrain_source: {grammar: {branching: 2}}
    finetune_source: pretrain
    pretrain: {}
    finetune: {}
    """

    static func experiment(_ body: String) throws -> Experiment {
        let indented = body.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n")
        let root = try YAMLReader.parse("experiment:\n  train:\n\(indented)\n", file: "t.yaml")
        return try ScenarioLoader.parseExperiment(try root.require("experiment"))
    }

    /// A misspelt key, at the top or inside `model:` or a phase, is listed against its table.
    @Test func unknownKeysListTheirTable() throws {
        let edits: [(String, String, any FieldListing)] = [
            ("architecture: llama", "architecture: llama\noutput: [init]", ExperimentKind.llama),
            ("model: {}", "model: {vocabs: 16}", ExperimentKind.llamaModel),
            ("pretrain: {}", "pretrain: {warmpu: 1}", ExperimentKind.llamaPhase),
            ("finetune: {}", "finetune: {modes: lora}", ExperimentKind.llamaFinetune),
        ]
        for (old, new, table) in edits {
            let error = try #require(throws: ScenarioError.self) { try Self.experiment(Self.minimal.replacingOccurrences(of: old, with: new)) }
            #expect(error.message.contains("(did you mean '"), "\(error)")
            #expect(error.message.hasSuffix("allowed: " + table.keys.joined(separator: ", ")), "\(error)")
        }
    }

    /// Writing each documented default (at the top, in `model:`, in either phase) gives what
    /// leaving it out gives; defaults derived from other keys are skipped.
    @Test func documentedDefaultsAreTheParsedOnes() throws {
        let plain = try Self.experiment(Self.minimal)
        var checked = 0
        let tables: [(String?, any FieldListing)] = [(nil, ExperimentKind.llama), ("model", ExperimentKind.llamaModel),
                                                 ("pretrain", ExperimentKind.llamaPhase), ("finetune", ExperimentKind.llamaFinetune)]
        for (mapping, table) in tables {
            for field in table.fields {
                guard let value = field.defaultValue, field.readsDefault, field.name != "architecture" else { continue }
                let body = mapping.map { Self.minimal.replacingOccurrences(of: "\($0): {}", with: "\($0): {\(field.name): \(value)}") }
                    ?? Self.minimal + "\n\(field.name): \(value)"
                #expect(try Self.experiment(body) == plain, "\(table.name).\(field.name): default \(value) differs from leaving it out")
                checked += 1
            }
        }
        #expect(checked >= 30, "only \(checked) defaults checked")
    }

    /// A default changed in the table changes the parse (the parser reads the table).
    @Test func changingATableDefaultChangesTheParse() throws {
        var changed = ExperimentKind.llama
        let i = try #require(changed.fields.firstIndex { $0.name == "train_sequences" })
        changed.fields[i].defaultValue = "100"
        let parsed = try changed.parse(try YAMLReader.parse(Self.minimal, file: "t.yaml"))
        #expect(parsed == (try Self.experiment(Self.minimal + "\ntrain_sequences: 100")))
        #expect(parsed != (try Self.experiment(Self.minimal)))
    }

    /// The schema's `train` accepts the LLaMA object, whose keys (and those of `model:` and the
    /// phases) are exactly the tables'.
    @Test func schemaComesFromTheTables() throws {
        let object = ScenarioSchema.object(of: ExperimentKind.llama)
        let properties = try #require(object["properties"] as? [String: Any])
        #expect(Set(properties.keys) == Set(ExperimentKind.llama.keys))
        for (key, table) in [("model", ExperimentKind.llamaModel), ("pretrain", ExperimentKind.llamaPhase), ("finetune", ExperimentKind.llamaFinetune)] {
            let nested = try #require((properties[key] as? [String: Any])?["properties"] as? [String: Any], "\(key)")
            #expect(Set(nested.keys) == Set(table.keys), "\(key)")
        }
        #expect(Set(object["required"] as? [String] ?? []) == ["architecture", "model", "pretrain_source", "finetune_source", "pretrain", "finetune"])
    }
}
