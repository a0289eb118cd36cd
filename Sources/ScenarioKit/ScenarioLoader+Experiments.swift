import Distributions
import Foundation
import Simulation

/// One parser per experiment kind (``ExperimentKind/all`` chooses it); each checks its keys
/// against the kind's field table, then validates what the run would, naming the key.
extension ScenarioLoader {
    static func parseSample(_ body: YAMLReader, _ kind: ExperimentKind) throws(ScenarioError) -> Experiment {
        try body.checkKeys(kind.keys)
        let lawNode = try body.require("law")
        let law: ParsedLaw
        do { law = try ParsedLaw(try lawNode.string()) } catch { throw lawNode.error(error) }
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
        var laws: [ParsedLaw] = []
        for side in ["a", "b"] {
            if let sigma = try body.optional("sigma_\(side)") {
                if try body.optional("law_\(side)") != nil { throw sigma.error("give law_\(side) or sigma_\(side), not both") }
                let v = try sigma.double()
                guard v > 0, v.isFinite else { throw sigma.error("must be > 0, got \(v)") }
                do { laws.append(try ParsedLaw.gaussian(sigma: v)) } catch { throw sigma.error(error) }
            } else {
                laws.append(try law(body, "law_\(side)", of: kind))
            }
        }
        let alpha = try body.optional("alpha")?.double()
        let updates = try build(body, kind) { () throws(SimulationError) in
            var updates: [LowRankUpdate] = []
            for r in ranks { updates.append(try LowRankUpdate(rank: r, alpha: alpha ?? Double(r), lawA: laws[0], lawB: laws[1])) }
            return updates
        }
        return .lowRank(shape: shape, updates: updates, perLayer: layerCount != nil)
    }

    static func parseMerge(_ body: YAMLReader, _ kind: ExperimentKind) throws(ScenarioError) -> Experiment {
        try body.checkKeys(kind.keys)
        let shape = try parseShape(try body.require("shape")), optimum = try law(body, "optimum", of: kind)
        let tasks = try positiveInt(body, "tasks", of: kind), taskSigma = try body.require("task_sigma").double()
        let baseShrink = try double(body, "base_shrink", of: kind), baseSigma = try double(body, "base_sigma", of: kind)
        let trim = try double(body, "trim", of: kind), amplifyQuantile = try double(body, "amplify_quantile", of: kind)
        let gamma = try double(body, "gamma", of: kind)
        return .merge(try build(body, kind) { () throws(SimulationError) in
            try TaskMerging(shape: shape, optimum: optimum, tasks: tasks, taskSigma: taskSigma, baseShrink: baseShrink,
                            baseSigma: baseSigma, trim: trim, amplifyQuantile: amplifyQuantile, gamma: gamma)
        })
    }

    static func parseSigmaGap(_ body: YAMLReader, _ kind: ExperimentKind) throws(ScenarioError) -> Experiment {
        try body.checkKeys(kind.keys)
        let shape = try parseShape(try body.require("shape"))
        let optimum = try law(body, "optimum", of: kind)
        let gap = try body.require("gap").double()
        let testSize = try positiveInt(body, "test_size", of: kind)
        return .sigmaGap(try build(body, kind) { () throws(SimulationError) in
            try SigmaGapStudy(shape: shape, optimum: optimum, gap: gap, testSize: testSize)
        })
    }
}
