import Distributions
import Foundation
import Simulation

/// One parser per experiment kind (``ExperimentKind/all`` chooses it); each checks its keys
/// against the kind's field table, then validates what the run would, naming the key.
extension ScenarioLoader {
    static func parseSample(_ body: YAMLReader, _ kind: ExperimentKind) throws(ScenarioError) -> Experiment {
        try body.checkKeys(kind.keys)
        let lawNode = try body.require("law")
        let law: ScenarioLaw
        do { law = try ScenarioLaw(try lawNode.string()) } catch { throw lawNode.error(error) }
        let shape = try parseShape(try body.require("shape"))
        let tensors = try positiveInt(body, "tensors", of: kind)
        var rank: Int?
        if let rankNode = try field(body, "rank", of: kind), try rankNode.string() != "full" {
            let r = try rankNode.int()
            guard shape.count == 2, (1...shape.min()!).contains(r) else {
                throw rankNode.error("a rank needs a matrix shape and must lie in [1, min(rows, columns)], got \(r) for \(shape)")
            }
            let sd = law.distribution.moments.std
            guard sd.isFinite, sd > 0 else { throw lawNode.error("a low-rank sample needs a law with a finite positive std") }
            rank = r
        }
        return .sample(law: law, shape: shape, tensors: tensors, rank: rank)
    }

    static func parseCheckpoint(_ body: YAMLReader, _ kind: ExperimentKind) throws(ScenarioError) -> Experiment {
        try body.checkKeys(kind.keys)
        var pattern: String?
        if let t = try body.optional("tensors") {
            let text = try t.string()
            do { _ = try Regex(text) } catch { throw t.error("not a valid regular expression: \(error)", cause: error) }
            pattern = text
        }
        return .checkpoint(tensors: pattern, matrices: try requiredField(body, "matrices", of: kind).bool())
    }

    static func parseLowRank(_ body: YAMLReader, _ kind: ExperimentKind) throws(ScenarioError) -> Experiment {
        try body.checkKeys(kind.keys)
        let shape = try parseShape(try body.require("shape"))
        guard shape.count == 2 else { throw try body.require("shape").error("a low-rank update needs a matrix shape, got \(shape)") }
        let rankNode = try body.require("rank")
        let layerCount = try body.optional("layers").map { (n) throws(ScenarioError) in try positiveInt(n, key: "layers") }
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
        var laws: [ScenarioLaw] = []
        for side in ["a", "b"] {
            if let sigma = try body.optional("sigma_\(side)") {
                if try body.optional("law_\(side)") != nil { throw sigma.error("give law_\(side) or sigma_\(side), not both") }
                let v = try sigma.double()
                guard v > 0, v.isFinite else { throw sigma.error("must be > 0, got \(v)") }
                do { laws.append(try ScenarioLaw("gaussian(sigma=\(v))")) } catch { throw sigma.error(error) }
            } else {
                laws.append(try law(body, "law_\(side)", of: kind))
            }
        }
        let settings = LowRankSettings(shape: shape, ranks: ranks, perLayer: layerCount != nil, alpha: try body.optional("alpha")?.double(),
                                       lawA: laws[0], lawB: laws[1])
        do { _ = try settings.updates() } catch { throw body.error(error) }
        return .lowRank(settings)
    }

    static func parseMerge(_ body: YAMLReader, _ kind: ExperimentKind) throws(ScenarioError) -> Experiment {
        try body.checkKeys(kind.keys)
        let settings = MergeSettings(
            shape: try parseShape(try body.require("shape")), optimum: try law(body, "optimum", of: kind),
            tasks: try positiveInt(body, "tasks", of: kind), taskSigma: try body.require("task_sigma").double(),
            baseShrink: try double(body, "base_shrink", of: kind), baseSigma: try double(body, "base_sigma", of: kind),
            trim: try double(body, "trim", of: kind), amplifyQuantile: try double(body, "amplify_quantile", of: kind),
            gamma: try double(body, "gamma", of: kind))
        do { _ = try settings.make() } catch { throw body.error(error) }
        return .merge(settings)
    }

    static func parseSigmaGap(_ body: YAMLReader, _ kind: ExperimentKind) throws(ScenarioError) -> Experiment {
        try body.checkKeys(kind.keys)
        let shape = try parseShape(try body.require("shape"))
        let optimum = try law(body, "optimum", of: kind)
        let gap = try body.require("gap").double()
        let testSize = try positiveInt(body, "test_size", of: kind)
        do { _ = try SigmaGapStudy(shape: shape, optimum: optimum.distribution, gap: gap, testSize: testSize) } catch {
            throw body.error(error)
        }
        return .sigmaGap(shape: shape, optimum: optimum, gap: gap, testSize: testSize)
    }
}
