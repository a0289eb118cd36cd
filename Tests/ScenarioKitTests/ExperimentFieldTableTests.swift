import Testing
@testable import ScenarioKit

/// The field tables of ExperimentKind+Fields.swift are what the loader checks keys against and
/// what the schema describes; their documented defaults are the values the parsers take.
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

    /// Writing a documented default gives what leaving the key out gives (defaults that are not a
    /// literal value, such as `r` or `0.05 (sgd), …`, are skipped).
    @Test func documentedDefaultsAreTheParsedOnes() throws {
        var checked = 0
        for kind in ExperimentKind.all {
            let base = Self.minimal[kind.name]!
            let plain = try Self.experiment(kind.name, base)
            for field in kind.fields {
                guard let value = field.defaultValue, value != "r", !value.contains(" ("), !base.contains("\(field.name):") else { continue }
                let explicit = try Self.experiment(kind.name, base + "\n\(field.name): \(value)")
                #expect(explicit == plain, "\(kind.name).\(field.name): default \(value) differs from leaving it out")
                checked += 1
            }
        }
        #expect(checked >= 25, "only \(checked) defaults checked")
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
