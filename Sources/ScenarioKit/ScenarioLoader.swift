import Analysis
import Distributions
import Foundation
import GSLKit
import Simulation

/// Reads and validates scenario files. Every problem is a ``ScenarioError`` naming file, line and
/// key path, raised before any replicate runs.
public enum ScenarioLoader {
    static let topKeys = ["name", "description", "seed", "generator", "replicates", "quick_replicates",
                          "cases", "experiment", "analysis", "claims"]

    /// Loads the scenario at `url`.
    public static func load(_ url: URL) throws(ScenarioError) -> Scenario {
        let file = url.path
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw ScenarioError(file: file, message: "cannot read the file: \(error.localizedDescription)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ScenarioError(file: file, message: "the file is not UTF-8 text")
        }
        return try parse(text, file: file)
    }

    /// Parses scenario text; `file` is used in messages.
    public static func parse(_ text: String, file: String) throws(ScenarioError) -> Scenario {
        let root = try YAMLReader.parse(text, file: file)
        try root.checkKeys(topKeys)
        let name = try root.require("name").string()
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            throw try root.require("name").error("must be a non-empty identifier of letters, digits, '-' and '_'")
        }
        let description = try root.optional("description")?.string() ?? ""
        var seed: UInt64 = 0
        if let s = try root.optional("seed") {
            let v = try s.int()
            guard v >= 0 else { throw s.error("must be a non-negative integer, got \(v)") }
            seed = UInt64(v)
        }
        var generator = Generator.default
        if let g = try root.optional("generator") {
            let text = try g.string()
            guard let value = Generator(rawValue: text) else {
                let hint = Suggestion.closest(to: text, among: Generator.allCases.map(\.rawValue)).map { " (did you mean '\($0)'?)" } ?? ""
                throw g.error("unknown generator '\(text)'\(hint)")
            }
            generator = value
        }
        let replicates = try positiveInt(root, "replicates", default: 100)
        let quick = try positiveInt(root, "quick_replicates", default: max(10, replicates / 10))
        let cases = try parseCases(root)
        let analysis = try parseAnalysis(root)

        // The experiment is decoded once per case from the substituted text, so `${var}` may
        // stand anywhere a value can; lines stay those of the file.
        var experiments: [Experiment] = []
        for c in cases {
            let substituted = c.values.isEmpty ? root : try YAMLReader.parse(c.substitute(text), file: file)
            let node = try substituted.require("experiment")
            do {
                experiments.append(try parseExperiment(node))
            } catch {
                var e = error
                if !c.values.isEmpty { e.message += " (in case \(c.label))" }
                throw e
            }
        }
        guard let experiment = experiments.first else { throw root.error("no cases") }
        let claims = try parseClaims(root, cases: cases)
        var scenario = Scenario(name: name, description: description, seed: seed, generator: generator,
                                replicates: replicates, quickReplicates: quick, cases: cases,
                                experiment: experiment, analysis: analysis, claims: claims, file: file, source: text)
        scenario.caseExperiments = experiments
        return scenario
    }

    /// A count in [1, limit]. No count in a scenario needs more than ten million, and layer counts
    /// (which schedules are checked over, one value per layer) stay at most 10 000.
    static func positiveInt(_ node: YAMLReader, _ key: String, default value: Int) throws(ScenarioError) -> Int {
        guard let n = try node.optional(key) else { return value }
        return try positiveInt(n, key: key)
    }

    /// The count `n` (the value of `key`) in [1, limit], as ``positiveInt(_:_:default:)`` checks it.
    static func positiveInt(_ n: YAMLReader, key: String) throws(ScenarioError) -> Int {
        let v = try n.int()
        let limit = key == "layers" || key == "tensors" ? 10_000 : 10_000_000
        guard v >= 1 else { throw n.error("must be at least 1, got \(v)") }
        guard v <= limit else { throw n.error("must be at most \(limit), got \(v)") }
        return v
    }

    // MARK: Analysis

    /// The keys of `analysis:`, each switching one part of ``AnalysisOptions``.
    static let analysisKeys = ["normality", "spectrum", "fits", "iid", "filters", "max_spectrum_side"]

    /// `analysis:` over the defaults of ``AnalysisOptions`` (every part on).
    static func parseAnalysis(_ root: YAMLReader) throws(ScenarioError) -> AnalysisOptions {
        var settings = AnalysisOptions()
        guard let node = try root.optional("analysis") else { return settings }
        try node.checkKeys(analysisKeys)
        if let v = try node.optional("normality") { settings.normality = try v.bool() }
        if let v = try node.optional("spectrum") { settings.spectrum = try v.bool() }
        if let v = try node.optional("fits") { settings.fits = try v.bool() }
        if let v = try node.optional("iid") { settings.iid = try v.bool() }
        if let v = try node.optional("filters") { settings.filters = try v.bool() }
        if let v = try node.optional("max_spectrum_side") {
            settings.maxSpectrumSide = try v.int()
            guard settings.maxSpectrumSide >= 2 else { throw v.error("must be at least 2") }
        }
        return settings
    }

    // MARK: Experiment

    /// `experiment: {KIND: {…}}`: the kind is looked up in ``ExperimentKind/all`` (an unknown one
    /// is an error listing them, with a did-you-mean hint) and its parser reads the body.
    static func parseExperiment(_ node: YAMLReader) throws(ScenarioError) -> Experiment {
        let keys = try node.keys()
        guard keys.count == 1, let name = keys.first else {
            throw node.error("give exactly one experiment kind: \(ExperimentKind.names.joined(separator: ", "))")
        }
        try node.checkKeys(ExperimentKind.names)
        guard let kind = ExperimentKind.named(name) else { throw node.error("unknown experiment kind '\(name)'") }
        return try kind.parse(try node.require(name))
    }

    /// `{constant: v}`, `{linear: [a, b]}`, `{exponential: [a, b]}`, `{power: [a, b, p]}`,
    /// `{piecewise: {x: [0, …, 1], values: […]}}`, `{list: [...]}`, or a number.
    static func parseSchedule(_ node: YAMLReader, layers: Int) throws(ScenarioError) -> DepthSchedule {
        let schedule: DepthSchedule
        if node.isScalar {
            schedule = .constant(try node.double())
        } else {
            let keys = try node.keys()
            let kinds = ["constant", "linear", "exponential", "power", "piecewise", "list"]
            guard keys.count == 1 else { throw node.error("give exactly one of \(kinds.joined(separator: ", "))") }
            try node.checkKeys(kinds)
            let v = try node.require(keys[0])
            if keys[0] == "piecewise" {
                try v.checkKeys(["x", "values"])
                let pw = DepthSchedule.piecewise(knots: try v.require("x").doubles(), values: try v.require("values").doubles())
                do { try pw.validate(layers: layers, positive: true) } catch { throw v.error(error) }
                return pw
            }
            let values = try v.doubles()
            func need(_ n: Int) throws(ScenarioError) { guard values.count == n else { throw v.error("\(keys[0]) takes \(n) numbers, got \(values.count)") } }
            switch keys[0] {
            case "constant": try need(1); schedule = .constant(values[0])
            case "linear": try need(2); schedule = .linear(from: values[0], to: values[1])
            case "exponential": try need(2); schedule = .exponential(from: values[0], to: values[1])
            case "power": try need(3); schedule = .power(from: values[0], to: values[1], exponent: values[2])
            default: schedule = .list(values)
            }
        }
        do { try schedule.validate(layers: layers, positive: true) } catch { throw node.error(error) }
        return schedule
    }

    /// `256x512`, `[256, 512]` or `1000` (text through ``ShapeText``), at most 2³⁴ values.
    static func parseShape(_ node: YAMLReader) throws(ScenarioError) -> [Int] {
        let limit = 1 << 34, tooLarge = "is too large (more than 2^34 values)"
        if node.isSequence {
            var dims: [Int] = []
            for e in try node.elements() { dims.append(try e.int()) }
            guard !dims.isEmpty, dims.allSatisfy({ $0 >= 1 }) else { throw node.error("every dimension must be at least 1, got \(dims)") }
            do { try ShapeText.check(dims, maximumCount: limit) } catch { throw node.error("the shape \(dims) \(tooLarge)") }
            return dims
        }
        let text = try node.string()
        do { return try ShapeText.parse(text, maximumCount: limit) } catch {
            switch error {
            case .tooLarge: throw node.error("the shape \(text) \(tooLarge)", cause: error)
            case .notPositive: throw node.error("every dimension must be at least 1; \(error)", cause: error)
            default: throw node.error("a shape is like 256x512 or [256, 512]; got '\(text)' (\(error))", cause: error)
            }
        }
    }
}
