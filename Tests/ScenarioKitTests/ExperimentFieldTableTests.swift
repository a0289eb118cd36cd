import Testing
@testable import ScenarioKit

/// The field tables of ExperimentKind+Fields.swift are what the loader checks keys against and
/// what the schema describes; their defaults are the values the parsers take (read from the
/// table), and a parser reads no key the table lacks.
@Suite struct ExperimentFieldTableTests {
    /// A minimal valid body of each kind (its required keys), in block YAML under the kind.
    static let minimal: [String: String] = [
        "sample": "law: gaussian(sigma=1)\nshape: 8x8",
        "checkpoint": "tensors: '.*'",
        "drift": "shape: 8x8\nsigma0: 1\nsigma_delta: 0.1",
        "low_rank": "shape: 8x8\nrank: 2",
        "merge": "shape: 8x8\ntask_sigma: 0.1",
        "train": "widths: [4, 6, 2]",
        "sigma_gap": "shape: 8x8\ngap: 0.5",
    ]

    static func experiment(_ kind: String, _ body: String) throws -> Experiment {
        let indented = body.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n")
        let root = try YAMLReader.parse("experiment:\n  \(kind):\n\(indented)\n", file: "t.yaml")
        return try ScenarioLoader.parseExperiment(try root.require("experiment"))
    }

    /// Every kind has a table, a minimal body here, and names in the order errors list them.
    @Test func everyKindHasATable() {
        #expect(ExperimentKind.names == ["sample", "checkpoint", "drift", "low_rank", "merge", "train", "sigma_gap"])
        #expect(Set(Self.minimal.keys) == Set(ExperimentKind.names))
        for kind in ExperimentKind.all {
            #expect(!kind.fields.isEmpty && Set(kind.keys).count == kind.keys.count, "\(kind.name): empty or duplicate keys")
            #expect(kind.fields.allSatisfy { !$0.doc.isEmpty }, "\(kind.name): a field without a doc line")
        }
    }

    /// A misspelt key is rejected with the kind's table as the allowed list and a hint from it.
    @Test func unknownKeysListTheTable() throws {
        for kind in ExperimentKind.all {
            let typo = kind.fields.last!.name + "x"
            let error = try #require(throws: ScenarioError.self) { try Self.experiment(kind.name, Self.minimal[kind.name]! + "\n\(typo): 1") }
            #expect(error.message.contains("unknown key '\(typo)' (did you mean '\(kind.fields.last!.name)'?)"), "\(error)")
            #expect(error.message.hasSuffix("allowed: " + kind.keys.joined(separator: ", ")), "\(error)")
            #expect(error.line == 3 + Self.minimal[kind.name]!.split(separator: "\n").count, "\(error)")
        }
    }

    /// Writing a documented default gives what leaving the key out gives (defaults the parser
    /// derives from other keys, such as `r` or `0.05 (sgd), …`, are skipped).
    @Test func documentedDefaultsAreTheParsedOnes() throws {
        var checked = 0
        for kind in ExperimentKind.all {
            let base = Self.minimal[kind.name]!
            let plain = try Self.experiment(kind.name, base)
            for field in kind.fields {
                guard let value = field.defaultValue, field.readsDefault, !Self.writes(base, field.name) else { continue }
                let explicit = try Self.experiment(kind.name, base + "\n\(field.name): \(value)")
                #expect(explicit == plain, "\(kind.name).\(field.name): default \(value) differs from leaving it out")
                checked += 1
            }
        }
        #expect(checked >= 25, "only \(checked) defaults checked")
    }

    /// Whether the block YAML `body` writes `key`.
    static func writes(_ body: String, _ key: String) -> Bool {
        body.split(separator: "\n").contains { $0.hasPrefix("\(key):") }
    }

    /// Keys a field's value matters only with (added to the minimal body for that field).
    static let context: [String: String] = ["train.momentum": "optimizer: sgd"]

    /// Another value for each default the parsers read from the tables.
    static let alternatives: [String: String] = [
        "sample.tensors": "2", "sample.rank": "2", "checkpoint.matrices": "false",
        "drift.layers": "13", "drift.pretrained": "gaussian(sigma=2)", "drift.delta": "gaussian(sigma=2)", "drift.scale": "2",
        "low_rank.law_a": "gaussian(sigma=2)", "low_rank.law_b": "gaussian(sigma=2)",
        "merge.optimum": "wstar(sigma=0.03, c=2.5)", "merge.tasks": "5", "merge.base_shrink": "0.5", "merge.base_sigma": "0.01",
        "merge.trim": "0.3", "merge.amplify_quantile": "0.95", "merge.gamma": "3",
        "train.architecture": "linear", "train.teacher": "wstar(sigma=2, c=2.5, sparsity=0.5)", "train.pretrained_noise": "0.25",
        "train.optimizer": "sgd", "train.momentum": "0.5", "train.steps": "301", "train.batch": "16", "train.weight_decay": "0.01",
        "train.lora_alpha": "2", "train.train_size": "1000", "train.test_size": "500", "train.label_noise": "0.1",
        "sigma_gap.optimum": "wstar(sigma=0.03, c=2.5)", "sigma_gap.test_size": "128",
    ]

    /// The tables drive the parsers: with a field's default changed in the table, leaving the key
    /// out gives what writing the new value gives, and not what the shipped default gives.
    @Test func changingATableDefaultChangesTheParse() throws {
        var checked: Set<String> = []
        for kind in ExperimentKind.all {
            for (i, field) in kind.fields.enumerated() where field.readsDefault && !Self.writes(Self.minimal[kind.name]!, field.name) {
                let name = "\(kind.name).\(field.name)"
                let base = Self.minimal[kind.name]! + (Self.context[name].map { "\n" + $0 } ?? "")
                let plain = try Self.experiment(kind.name, base)
                let other = try #require(Self.alternatives[name], "\(name): no alternative value in the test")
                var changed = kind
                changed.fields[i].defaultValue = other
                let parsed = try changed.parse(try YAMLReader.parse(base, file: "t.yaml"))
                let written = try Self.experiment(kind.name, base + "\n\(field.name): \(other)")
                #expect(parsed == written, "\(name)")
                #expect(parsed != plain, "\(name): the table default \(other) did not change the parse")
                checked.insert(name)
            }
        }
        #expect(checked == Set(Self.alternatives.keys))
    }

    /// A parser that reads a key its table does not list fails on every body, naming the key.
    @Test func aKeyMissingFromTheTableIsAnError() throws {
        for (kind, key) in [(ExperimentKind.merge, "gamma"), (.train, "steps"), (.drift, "scale")] {
            var cut = kind
            cut.fields.removeAll { $0.name == key }
            let error = try #require(throws: ScenarioError.self) { try cut.parse(try YAMLReader.parse(Self.minimal[kind.name]!, file: "t.yaml")) }
            #expect(error.message.contains("reads '\(key)', which its field table does not list"), "\(error)")
        }
    }

    /// The schema's experiment part has one strict object per kind with exactly the table's keys.
    @Test func schemaComesFromTheTables() throws {
        for kind in ExperimentKind.all {
            let object = ScenarioSchema.object(of: kind)
            let properties = try #require(object["properties"] as? [String: Any])
            #expect(Set(properties.keys) == Set(kind.keys), "\(kind.name)")
            #expect(object["additionalProperties"] as? Bool == false)
            #expect(Set(object["required"] as? [String] ?? []) == Set(kind.fields.filter(\.required).map(\.name)), "\(kind.name)")
        }
        let kinds = try #require(ScenarioSchema.experiment["oneOf"] as? [[String: Any]])
        #expect(kinds.compactMap { ($0["required"] as? [String])?.first } == ExperimentKind.names)
    }
}
