import Distributions
import Foundation
import Simulation

/// One parser per experiment kind (``ExperimentKind/all`` chooses it); each checks its keys
/// against the kind's field table, then validates what the run would, naming the key.
extension ScenarioLoader {
    static func parseSample(_ body: YAMLReader) throws(ScenarioError) -> Experiment {
        try body.checkKeys(ExperimentKind.sample.keys)
        let lawNode = try body.require("law")
        let law: ScenarioLaw
        do { law = try ScenarioLaw(try lawNode.string()) } catch { throw lawNode.error(error) }
        let shape = try parseShape(try body.require("shape"))
        let tensors = try positiveInt(body, "tensors", default: 1)
        var rank: Int?
        if let rankNode = try body.optional("rank"), try rankNode.string() != "full" {
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

    static func parseCheckpoint(_ body: YAMLReader) throws(ScenarioError) -> Experiment {
        try body.checkKeys(ExperimentKind.checkpoint.keys)
        var pattern: String?
        if let t = try body.optional("tensors") {
            let text = try t.string()
            do { _ = try Regex(text) } catch { throw t.error("not a valid regular expression: \(error)", cause: error) }
            pattern = text
        }
        return .checkpoint(tensors: pattern, matrices: try body.optional("matrices")?.bool() ?? true)
    }

    static func parseLowRank(_ body: YAMLReader) throws(ScenarioError) -> Experiment {
        try body.checkKeys(ExperimentKind.lowRank.keys)
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
        var laws: [ScenarioLaw] = []
        for side in ["a", "b"] {
            if let sigma = try body.optional("sigma_\(side)") {
                if try body.optional("law_\(side)") != nil { throw sigma.error("give law_\(side) or sigma_\(side), not both") }
                let v = try sigma.double()
                guard v > 0, v.isFinite else { throw sigma.error("must be > 0, got \(v)") }
                do { laws.append(try ScenarioLaw("gaussian(sigma=\(v))")) } catch { throw sigma.error(error) }
            } else {
                laws.append(try law(body, "law_\(side)", default: "gaussian(sigma=1)"))
            }
        }
        let settings = LowRankSettings(shape: shape, ranks: ranks, perLayer: layerCount != nil, alpha: try body.optional("alpha")?.double(),
                                       lawA: laws[0], lawB: laws[1])
        do { _ = try settings.updates() } catch { throw body.error(error) }
        return .lowRank(settings)
    }

    static func parseMerge(_ body: YAMLReader) throws(ScenarioError) -> Experiment {
        try body.checkKeys(ExperimentKind.merge.keys)
        let settings = MergeSettings(
            shape: try parseShape(try body.require("shape")), optimum: try law(body, "optimum", default: "wstar(sigma=0.02, c=2.5)"),
            tasks: try positiveInt(body, "tasks", default: 4), taskSigma: try body.require("task_sigma").double(),
            baseShrink: try body.optional("base_shrink")?.double() ?? 1, baseSigma: try body.optional("base_sigma")?.double() ?? 0,
            trim: try body.optional("trim")?.double() ?? 0.2, amplifyQuantile: try body.optional("amplify_quantile")?.double() ?? 0.99,
            gamma: try body.optional("gamma")?.double() ?? 2)
        do { _ = try settings.make() } catch { throw body.error(error) }
        return .merge(settings)
    }

    static func parseSigmaGap(_ body: YAMLReader) throws(ScenarioError) -> Experiment {
        try body.checkKeys(ExperimentKind.sigmaGap.keys)
        let shape = try parseShape(try body.require("shape"))
        let optimum = try law(body, "optimum", default: "wstar(sigma=0.02, c=2.5)")
        let gap = try body.require("gap").double()
        let testSize = try positiveInt(body, "test_size", default: 256)
        do { _ = try SigmaGapStudy(shape: shape, optimum: optimum.distribution, gap: gap, testSize: testSize) } catch {
            throw body.error(error)
        }
        return .sigmaGap(shape: shape, optimum: optimum, gap: gap, testSize: testSize)
    }
}
