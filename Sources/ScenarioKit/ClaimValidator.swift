import Distributions
import TensorIO

/// Checks every claim against what the experiment of each case it covers produces, before any
/// replicate runs, so that a claim that cannot be measured or cannot fail is bad input:
///
/// - the metric is a quantity the analyses or the experiment produce in that case;
/// - a `tensor:` pattern matches tensors the experiment produces (and only per-tensor metrics take
///   one); depth statistics have at least 3 tensors with a layer index;
/// - `theory.*` names a closed form the case's experiment has;
/// - the claim can discriminate at this size: "within k SE" needs enough samples that the Student
///   correction at most doubles k (``ClaimStatistics/minimumSamples(withinSE:)``), and a
///   calibration band of Bin(n, α) must exclude 0, so that a test that never rejects fails
///   (``ClaimStatistics/minimumCount(alpha:confidence:)``).
struct ClaimValidator {
    let scenario: Scenario
    let replicates: Int
    /// What set the replicate count (`replicates`, `quick_replicates`, `--replicates`), for messages.
    let replicateSource: String
    let input: Checkpoint?
    /// Every per-tensor quantity the analyses produce with the scenario's settings.
    let analysisQuantities: Set<String>
    /// The `theory.*` values of each case.
    let theory: [[String: Double]]

    func validate() throws(ScenarioError) {
        for (i, claim) in scenario.claims.enumerated() {
            let caseRegex = claim.cases.flatMap { try? Regex($0) }
            for (c, scenarioCase) in scenario.cases.enumerated() where caseRegex.map({ scenarioCase.label.contains($0) }) ?? true {
                try check(claim, index: i, caseIndex: c)
            }
        }
    }

    private func check(_ claim: Claim, index i: Int, caseIndex c: Int) throws(ScenarioError) {
        let experiment = scenario.caseExperiments[c]
        let inCase = scenario.cases.count > 1 ? " (case \(scenario.cases[c].label))" : ""
        func error(_ key: String, _ message: String) -> ScenarioError {
            ScenarioError(file: scenario.file, line: claim.line(of: key), keyPath: "claims[\(i)].\(key)", message: message + inCase)
        }
        let tensors = experiment.producedTensors(input: input)
        let perTensor = tensors?.isEmpty == true ? [] : analysisQuantities.union(experiment.tensorQuantities).union(["depth"])
        let byDepth: Bool
        switch claim.statistic {
        case .spearmanDepth, .trendDetected: byDepth = true
        default: byDepth = false
        }
        // How many values the statistic reduces: replicates, or (rates) replicates × tensors.
        var samples = replicates, values = replicates, tensorCount = 1
        if experiment.experimentQuantities.contains(claim.metric) {
            if claim.tensor != nil { throw error("tensor", "'\(claim.metric)' is a quantity of the whole \(experiment.kind) experiment, not of a tensor; drop 'tensor'") }
            if byDepth || claim.eachTensor {
                throw error(claim.eachTensor ? "each_tensor" : "statistic", "'\(claim.metric)' is a quantity of the whole experiment; a per-tensor statistic needs a tensor metric")
            }
        } else if perTensor.contains(claim.metric) {
            guard let tensors else { return }  // a checkpoint experiment without --input: nothing more to know
            let regex = claim.tensor.flatMap { try? Regex($0) }
            let matching = tensors.filter { t in regex.map { t.name.contains($0) } ?? true }
            guard !matching.isEmpty else {
                let shown = tensors.prefix(6).map(\.name).joined(separator: ", ") + (tensors.count > 6 ? ", …" : "")
                throw error("tensor", "'\(claim.tensor ?? "")' matches none of the tensors the \(experiment.kind) experiment produces: \(shown)")
            }
            if byDepth, matching.filter({ $0.depth != nil }).count < 3 {
                throw error(claim.tensor == nil ? "statistic" : "tensor", "\(claim.statistic.name) needs at least 3 matching tensors with a layer index, found \(matching.filter { $0.depth != nil }.count)")
            }
            tensorCount = matching.count
            values = replicates * tensorCount
            if replicates == 1 && !claim.eachTensor { samples = tensorCount }
        } else {
            let known = perTensor.union(experiment.experimentQuantities).sorted()
            let hint = Suggestion.closest(to: claim.metric, among: known).map { " (did you mean '\($0)'?)" } ?? ""
            let reason = tensors?.isEmpty == true ? "; the \(experiment.kind) experiment produces no tensors, only \(experiment.experimentQuantities.joined(separator: ", "))" : ""
            throw error("metric", "no analysis produces '\(claim.metric)'\(hint)\(reason)")
        }
        // theory.* must exist for this case's experiment.
        let expressions: [Expression]
        switch claim.expectation {
        case let .equals(e, _), let .atLeast(e), let .atMost(e): expressions = [e]
        default: expressions = []
        }
        for name in expressions.flatMap(\.variables).sorted() where name.hasPrefix("theory.") && theory[c][name] == nil {
            throw error("expect", "'\(name)' has no closed form for the \(experiment.kind) experiment; theory values exist for sample experiments (full rank) and single low_rank updates")
        }
        // Can the check fail?
        switch claim.expectation {
        case let .equals(_, k) where claim.statistic == .mean || claim.statistic == .median:
            let needed = ClaimStatistics.minimumSamples(withinSE: k)
            if samples < needed {
                let kt = ClaimStatistics.studentizedTolerance(k, samples: samples)
                let what = replicates == 1 && !claim.eachTensor ? "\(samples) tensors (1 replicate)" : "\(samples) replicates (\(replicateSource))"
                throw error("expect", "within \(k) SE from \(what) cannot discriminate: the Student correction widens it to ±\(kt.isFinite ? String(format: "%.3g", kt) : "∞") SE; use at least \(needed) replicates")
            }
        case let .calibrated(confidence):
            guard case let .rejectionRate(alpha) = claim.statistic else { break }
            if ClaimStatistics.binomialBand(n: values, p: alpha, confidence: confidence).0 == 0 {
                let needed = ClaimStatistics.minimumCount(alpha: alpha, confidence: confidence)
                let band = String(format: "%.4g%%", confidence * 100), perReplicate = tensorCount == 1 ? "1 tensor" : "\(tensorCount) tensors"
                throw error("expect", "the \(band) band of Bin(\(values), \(alpha)) starts at 0 (\(replicates) replicates (\(replicateSource)) × \(perReplicate)), so a test that never rejects would pass; it needs \(needed) p-values: at least \((needed + tensorCount - 1) / tensorCount) replicates")
            }
        default: break
        }
    }
}
