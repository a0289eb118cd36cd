import Foundation

/// The JSON Schema (draft 2020-12) of the scenario format, for editors
/// (`weightlab scenario schema > scenario.schema.json`). It mirrors what ``ScenarioLoader``
/// accepts; the loader remains the authority (it also checks laws, expressions and regexes).
public enum ScenarioSchema {
    public static var json: String {
        let data = try! JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }

    static func strict(_ properties: [String: Any], required: [String] = []) -> [String: Any] {
        var o: [String: Any] = ["type": "object", "properties": properties, "additionalProperties": false]
        if !required.isEmpty { o["required"] = required }
        return o
    }

    /// A `${var}` template standing for a value.
    static var template: [String: Any] { ["type": "string", "pattern": "^\\$\\{[A-Za-z_][A-Za-z0-9_]*\\}$"] }
    static var number: [String: Any] { ["anyOf": [["type": "number"], ["type": "string", "pattern": "^\\$\\{[A-Za-z_][A-Za-z0-9_]*\\}$"]]] }
    static var integer: [String: Any] { ["anyOf": [["type": "integer"], ["type": "string", "pattern": "^\\$\\{[A-Za-z_][A-Za-z0-9_]*\\}$"]]] }
    static var shape: [String: Any] { ["anyOf": [
        ["type": "string", "pattern": "^(\\d+|\\$\\{\\w+\\})(x(\\d+|\\$\\{\\w+\\}))*$"],
        ["type": "array", "items": ["type": "integer", "minimum": 1], "minItems": 1],
    ], "description": "e.g. 256x512 or [256, 512]"] }
    static var law: [String: Any] { ["type": "string", "description": "a law spec, e.g. gaussian(sigma=0.02)"] }
    static var expression: [String: Any] { ["anyOf": [["type": "string"], ["type": "number"]],
                                           "description": "arithmetic over case variables and theory.*, e.g. 3 + 6/r"] }

    /// One of fixed words, or a `${var}` template.
    static func choice(_ words: [String]) -> [String: Any] {
        ["anyOf": [["enum": words], ["type": "string", "pattern": "^\\$\\{[A-Za-z_][A-Za-z0-9_]*\\}$"]]]
    }

    /// A LLaMA initialisation: a torch.nn.init scheme or a law spec.
    static var initScheme: [String: Any] {
        ["type": "string", "description": "normal(std=0.02), trunc_normal(std=0.02, a=-0.04, b=0.04), kaiming_uniform, "
            + "xavier_uniform, orthogonal, uniform(a=-0.05, b=0.05), sparse(sparsity=0.9, std=0.01), or a law spec"]
    }

    /// A LLaMA token source (ScenarioLoader+Llama.swift, `parseSource`).
    static var tokenSource: [String: Any] {
        ["anyOf": [
            ["enum": ["pretrain"]],
            strict(["grammar": strict(["branching": integer])], required: ["grammar"]),
            strict(["teacher": strict(["init": initScheme, "temperature": number, "d_model": integer, "layers": integer, "heads": integer, "ffn": integer],
                                      required: ["init"])], required: ["teacher"]),
            strict(["mixture": strict(["a": ["type": ["object", "string"]], "b": ["type": ["object", "string"]], "weight": number],
                                      required: ["a", "b", "weight"])], required: ["mixture"]),
        ]]
    }

    static var claim: [String: Any] {
        strict([
            "name": ["type": "string"],
            "metric": MetricCatalogue.schema,
            "tensor": ["type": "string", "description": "regex on tensor names"],
            "cases": ["type": "string", "description": "regex on case labels"],
            "statistic": ["enum": ClaimStatistic.names],
            "each_tensor": ["type": "boolean", "description": "mean/median: judge every matching tensor on its own"],
            "alpha": ["type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1],
            "expect": strict([
                "equals": expression, "within_se": ["type": "number", "exclusiveMinimum": 0],
                "calibrated": ["type": "number", "exclusiveMinimum": 0.5, "exclusiveMaximum": 1],
                "at_least": expression, "at_most": expression,
                "evidence": strict(["threshold": ["type": "number"], "above": ["type": "string"], "below": ["type": "string"]],
                                   required: ["threshold", "above", "below"]),
            ]),
        ], required: ["name", "metric", "expect"])
    }

    static var document: [String: Any] {
        var d = strict([
            "name": ["type": "string", "pattern": "^[A-Za-z0-9_-]+$"],
            "description": ["type": "string"],
            "seed": ["type": "integer", "minimum": 0],
            "generator": ["enum": ["taus2", "mt19937", "gfsr4", "ranlxd2", "ranlxs0", "mrg", "ranlux389"]],
            "replicates": ["type": "integer", "minimum": 1],
            "quick_replicates": ["type": "integer", "minimum": 1],
            "cases": ["anyOf": [
                strict(["grid": ["type": "object", "additionalProperties": ["anyOf": [
                    ["type": "array", "items": ["anyOf": [["type": ["string", "number"]],
                                                          ["type": "object", "additionalProperties": ["type": ["string", "number"]], "minProperties": 1]]]],
                    ["type": ["string", "number"]],
                ]]]], required: ["grid"]),
                ["type": "array", "items": ["type": "object"]],
            ]],
            "experiment": experiment,
            "analysis": strict(["normality": ["type": "boolean"], "spectrum": ["type": "boolean"], "fits": ["type": "boolean"], "iid": ["type": "boolean"],
                                "filters": ["type": "boolean"], "max_spectrum_side": ["type": "integer", "minimum": 2]]),
            "claims": ["type": "array", "items": claim, "minItems": 1],
        ], required: ["name", "experiment", "claims"])
        d["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        d["title"] = "WeightLab scenario"
        return d
    }
}
