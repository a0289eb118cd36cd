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
        let v = try n.int()
        let limit = key == "layers" || key == "tensors" ? 10_000 : 10_000_000
        guard v >= 1 else { throw n.error("must be at least 1, got \(v)") }
        guard v <= limit else { throw n.error("must be at most \(limit), got \(v)") }
        return v
    }

    // MARK: Analysis

    static func parseAnalysis(_ root: YAMLReader) throws(ScenarioError) -> AnalysisSettings {
        var settings = AnalysisSettings()
        guard let node = try root.optional("analysis") else { return settings }
        try node.checkKeys(AnalysisSettings.keys)
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

    static func parseExperiment(_ node: YAMLReader) throws(ScenarioError) -> Experiment {
        let keys = try node.keys()
        guard keys.count == 1, let kind = keys.first else {
            throw node.error("give exactly one experiment kind: \(Experiment.kinds.joined(separator: ", "))")
        }
        try node.checkKeys(Experiment.kinds)
        let body = try node.require(kind)
        switch kind {
        case "sample":
            try body.checkKeys(["law", "shape", "tensors", "rank"])
            let lawNode = try body.require("law")
            let law = try lawNode.string()
            let distribution: any Distribution
            do { distribution = try parseLaw(law) } catch { throw lawNode.error(error) }
            let shapeNode = try body.require("shape")
            let shape = try parseShape(shapeNode)
            let tensors = try positiveInt(body, "tensors", default: 1)
            var rank: Int?
            if let rankNode = try body.optional("rank"), try rankNode.string() != "full" {
                let r = try rankNode.int()
                guard shape.count == 2, (1...shape.min()!).contains(r) else {
                    throw rankNode.error("a rank needs a matrix shape and must lie in [1, min(rows, columns)], got \(r) for \(shape)")
                }
                let sd = distribution.moments.std
                guard sd.isFinite, sd > 0 else { throw lawNode.error("a low-rank sample needs a law with a finite positive std") }
                rank = r
            }
            return .sample(law: law, shape: shape, tensors: tensors, rank: rank)
        case "checkpoint":
            try body.checkKeys(["tensors", "matrices"])
            var pattern: String?
            if let t = try body.optional("tensors") {
                pattern = try t.string()
                do { _ = try Regex(pattern!) } catch { throw t.error("not a valid regular expression: \(error)", cause: error) }
            }
            return .checkpoint(tensors: pattern, matrices: try body.optional("matrices")?.bool() ?? true)
        case "drift":
            try body.checkKeys(DriftSettings.keys)
            var preset: String?, width = 1.0, layers = 12, shape = [256, 256]
            var explicit: [LayerSpec]?
            if let model = try body.optional("model") {
                let hasLayers = try body.optional("layers") != nil, hasShape = try body.optional("shape") != nil
                if hasLayers || hasShape { throw model.error("give either model or layers and shape, not both") }
                if let list = try model.optional("layers"), list.isSequence {
                    // An explicit model: every matrix with its name, shape, layer index and module.
                    try model.checkKeys(["layers"])
                    explicit = try parseLayerList(list)
                    layers = explicit!.map(\.depth).max()! + 1
                } else {
                    try model.checkKeys(["preset", "width", "layers"])
                    let p = try model.require("preset")
                    preset = try p.string()
                    guard let chosen = ModelPreset(rawValue: preset!) else {
                        let names = ModelPreset.allCases.map(\.rawValue)
                        let hint = Suggestion.closest(to: preset!, among: names).map { " (did you mean '\($0)'?)" } ?? ""
                        throw p.error("unknown preset '\(preset!)'\(hint); one of \(names.joined(separator: ", "))")
                    }
                    if let w = try model.optional("width") {
                        width = try w.double()
                        guard width > 0, width <= 4 else { throw w.error("width must be in (0, 4], got \(width)") }
                    }
                    layers = try positiveInt(model, "layers", default: chosen.layers().map(\.depth).max()! + 1)
                }
            } else {
                layers = try positiveInt(body, "layers", default: 12)
                shape = try parseShape(try body.require("shape"))
            }
            // Pre-trained weights come from a law with a σ0 schedule, or from a file.
            var pretrainedFile: String?
            if let f = try body.optional("pretrained_file") {
                for k in ["pretrained", "sigma0"] where try body.optional(k) != nil {
                    throw try body.require(k).error("'\(k)' does not apply with pretrained_file (the file gives the pre-trained weights)")
                }
                let relative = try f.string()
                pretrainedFile = URL(fileURLWithPath: relative, relativeTo: URL(fileURLWithPath: body.file).deletingLastPathComponent()).path
            }
            let pretrained = try lawString(body, "pretrained", default: "gaussian(sigma=1)")
            let delta = try lawString(body, "delta", default: "gaussian(sigma=1)")
            let sigma0 = pretrainedFile != nil ? .constant(1) : try parseSchedule(try body.require("sigma0"), layers: layers)
            let sigmaDelta = try parseSchedule(try body.require("sigma_delta"), layers: layers)
            let scale = try body.optional("scale").map { (n) throws(ScenarioError) in try parseSchedule(n, layers: layers) } ?? .constant(1)
            var multipliers: [String: Double] = [:]
            if let m = try body.optional("module_multipliers") {
                for k in try m.keys() {
                    let v = try m.require(k)
                    multipliers[k] = try v.double()
                    guard multipliers[k]! > 0 else { throw v.error("must be > 0") }
                }
            }
            var settings = DriftSettings(layers: layers, shape: shape, preset: preset, explicitLayers: explicit, width: width, pretrained: pretrained,
                                         sigma0: sigma0, delta: delta, sigmaDelta: sigmaDelta, scale: scale, moduleMultipliers: multipliers)
            settings.pretrainedFile = pretrainedFile
            settings.deltaRank = try body.optional("delta_rank").map { (n) throws(ScenarioError) in try parseSchedule(n, layers: layers) }
            // The file must hold every matrix, with the model's shapes: checked now, not mid-run.
            let drift: AdditiveDrift
            do { drift = try settings.make() } catch { throw body.error(error) }
            if settings.pretrainedFile != nil {
                let fileNode = try body.require("pretrained_file")
                do { _ = try settings.pretrainedTensors(for: drift) } catch { throw fileNode.error(error) }
            }
            return .drift(settings)
        case "low_rank":
            try body.checkKeys(LowRankSettings.keys)
            let shape = try parseShape(try body.require("shape"))
            guard shape.count == 2 else { throw try body.require("shape").error("a low-rank update needs a matrix shape, got \(shape)") }
            let rankNode = try body.require("rank")
            let layerCount = try body.optional("layers").map { (n) throws(ScenarioError) in try positiveInt(body, "layers", default: 1) }
            // One rank, or with layers a rank per depth: any depth schedule, rounded to integers.
            let ranks: [Int]
            if let layerCount {
                let schedule = try parseSchedule(rankNode, layers: layerCount)
                ranks = (0..<layerCount).map { Int(schedule.value(depth: $0, layers: layerCount).rounded()) }
            } else {
                ranks = [try rankNode.int()]
            }
            for r in ranks where !(1...Swift.min(shape[0], shape[1])).contains(r) {
                throw rankNode.error("must be between 1 and min(\(shape[0]), \(shape[1])), got \(r)")
            }
            // A and B: any law (law_a, law_b), or Gaussian with σ (sigma_a, sigma_b), N(0, 1) by default.
            var laws: [String] = []
            for side in ["a", "b"] {
                if let sigma = try body.optional("sigma_\(side)") {
                    if try body.optional("law_\(side)") != nil { throw sigma.error("give law_\(side) or sigma_\(side), not both") }
                    let v = try sigma.double()
                    guard v > 0, v.isFinite else { throw sigma.error("must be > 0, got \(v)") }
                    laws.append("gaussian(sigma=\(v))")
                } else {
                    laws.append(try lawString(body, "law_\(side)", default: "gaussian(sigma=1)"))
                }
            }
            let settings = LowRankSettings(shape: shape, ranks: ranks, perLayer: layerCount != nil, alpha: try body.optional("alpha")?.double(),
                                           lawA: laws[0], lawB: laws[1])
            do { _ = try settings.updates() } catch { throw body.error(error) }
            return .lowRank(settings)
        case "sigma_gap":
            try body.checkKeys(["shape", "optimum", "gap", "test_size"])
            let shape = try parseShape(try body.require("shape"))
            let optimum = try lawString(body, "optimum", default: "wstar(sigma=0.02, c=2.5)")
            let gap = try body.require("gap").double()
            let testSize = try positiveInt(body, "test_size", default: 256)
            do { _ = try SigmaGapStudy(shape: shape, optimum: try parseLaw(optimum), gap: gap, testSize: testSize) } catch {
                throw body.error(error)
            }
            return .sigmaGap(shape: shape, optimum: optimum, gap: gap, testSize: testSize)
        case "train":
            let archNode = try body.optional("architecture")
            let archText = try archNode?.string() ?? "relu"
            if archText == "llama" { return .llama(try parseLlama(body)) }
            try body.checkKeys(TrainSettings.keys)
            guard let arch = Architecture(rawValue: archText) else { throw archNode!.error("architecture must be linear, relu or llama, got '\(archText)'") }
            var widths: [Int] = []
            let widthsNode = try body.require("widths")
            for e in try widthsNode.elements() { widths.append(try e.int()) }
            let optNode = try body.optional("optimizer")
            let opt = try optNode?.string() ?? "adam"
            let lr = try body.optional("learning_rate")?.double() ?? (opt == "sgd" ? 0.05 : 1e-3)
            let optimizer: Optimizer
            switch opt {
            case "sgd": optimizer = .sgd(learningRate: lr, momentum: try body.optional("momentum")?.double() ?? 0.9)
            case "adam": optimizer = .adam(learningRate: lr, beta1: 0.9, beta2: 0.999, epsilon: 1e-8)
            default: throw optNode!.error("optimizer must be sgd or adam, got '\(opt)'")
            }
            var settings = TrainSettings(
                architecture: arch, widths: widths, teacher: try lawString(body, "teacher", default: "wstar(sigma=1, c=2.5, sparsity=0.5)"),
                pretrainedNoise: try body.optional("pretrained_noise")?.double() ?? 0.5, optimizer: optimizer,
                steps: try positiveInt(body, "steps", default: 300), batch: try positiveInt(body, "batch", default: 32),
                weightDecay: try body.optional("weight_decay")?.double() ?? 0, loraRank: try body.optional("lora_rank")?.int(),
                loraAlpha: try body.optional("lora_alpha")?.double() ?? 1, noiseScales: try adapter(body) == "noise", trainSize: try positiveInt(body, "train_size", default: 1024),
                testSize: try positiveInt(body, "test_size", default: 512), labelNoise: try body.optional("label_noise")?.double() ?? 0)
            if let r = try body.optional("record_steps") {
                settings.recordSteps = try r.elements().map { (e) throws(ScenarioError) in try e.int() }
            }
            do { _ = try settings.make() } catch { throw body.error(error) }
            return .train(settings)
        default:
            try body.checkKeys(["shape", "optimum", "tasks", "task_sigma", "base_shrink", "base_sigma", "trim", "amplify_quantile", "gamma"])
            let settings = MergeSettings(
                shape: try parseShape(try body.require("shape")), optimum: try lawString(body, "optimum", default: "wstar(sigma=0.02, c=2.5)"),
                tasks: try positiveInt(body, "tasks", default: 4), taskSigma: try body.require("task_sigma").double(),
                baseShrink: try body.optional("base_shrink")?.double() ?? 1, baseSigma: try body.optional("base_sigma")?.double() ?? 0,
                trim: try body.optional("trim")?.double() ?? 0.2, amplifyQuantile: try body.optional("amplify_quantile")?.double() ?? 0.99,
                gamma: try body.optional("gamma")?.double() ?? 2)
            do { _ = try settings.make() } catch { throw body.error(error) }
            return .merge(settings)
        }
    }

    /// `adapter: full | lora | noise` of a train experiment (lora needs lora_rank).
    static func adapter(_ body: YAMLReader) throws(ScenarioError) -> String {
        guard let node = try body.optional("adapter") else { return try body.optional("lora_rank") == nil ? "full" : "lora" }
        let value = try node.string()
        guard ["full", "lora", "noise"].contains(value) else { throw node.error("adapter must be full, lora or noise, got '\(value)'") }
        if value == "lora", try body.optional("lora_rank") == nil { throw node.error("adapter: lora needs lora_rank") }
        if value != "lora", try body.optional("lora_rank") != nil { throw node.error("lora_rank needs adapter: lora") }
        return value
    }

    /// A law spec under `key`, checked by parsing it.
    static func lawString(_ node: YAMLReader, _ key: String, default value: String) throws(ScenarioError) -> String {
        guard let n = try node.optional(key) else { return value }
        let text = try n.string()
        do { _ = try parseLaw(text) } catch { throw n.error(error) }
        return text
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
