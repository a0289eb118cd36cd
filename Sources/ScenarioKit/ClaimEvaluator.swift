import Foundation
import MonteCarlo

/// Reduces the per-replicate metrics to one ``ClaimResult`` per claim and case.
struct ClaimEvaluator {
    let scenario: Scenario
    /// Replicate index → metric key → value.
    let table: [Int: [MetricKey: Double]]
    /// Closed-form values per case (`theory.*`).
    let theory: [[String: Double]]

    init(scenario: Scenario, results: [Int: Metrics], theory: [[String: Double]]) {
        self.scenario = scenario
        self.theory = theory
        var t: [Int: [MetricKey: Double]] = [:]
        for (i, m) in results {
            var row: [MetricKey: Double] = [:]
            for (name, value) in zip(m.names, m.values) { if let k = MetricKey(name) { row[k] = value } }
            t[i] = row
        }
        table = t
    }

    func evaluate() -> [ClaimResult] {
        var out: [ClaimResult] = []
        for claim in scenario.claims {
            let tensorRegex = claim.tensor.flatMap { try? Regex($0) }
            let caseRegex = claim.cases.flatMap { try? Regex($0) }
            for (c, scenarioCase) in scenario.cases.enumerated() {
                if let caseRegex, !scenarioCase.label.contains(caseRegex) { continue }
                out.append(evaluate(claim, caseIndex: c, label: scenarioCase.label, tensorRegex: tensorRegex))
            }
        }
        return out
    }

    /// replicate → (tensor → value) for the claim's metric in case c.
    private func values(_ claim: Claim, caseIndex c: Int, tensorRegex: Regex<AnyRegexOutput>?) -> [Int: [String: Double]] {
        var out: [Int: [String: Double]] = [:]
        for (r, row) in table {
            for (k, v) in row where k.caseIndex == c && k.quantity == claim.metric {
                if let tensorRegex, !k.tensor.contains(tensorRegex) { continue }
                out[r, default: [:]][k.tensor] = v
            }
        }
        return out
    }

    private func evaluate(_ claim: Claim, caseIndex c: Int, label: String, tensorRegex: Regex<AnyRegexOutput>?) -> ClaimResult {
        let byReplicate = values(claim, caseIndex: c, tensorRegex: tensorRegex)
        var result = ClaimResult(claim: claim.name, caseLabel: label, metric: claim.metric, statistic: claim.statistic.name,
                                 value: .nan, standardError: .nan, ciLow: .nan, ciHigh: .nan, expected: "", verdict: .fail, note: "", n: 0)
        guard !byReplicate.isEmpty else {
            result.note = "no replicate produced '\(claim.metric)'" + (claim.tensor.map { " for tensors matching '\($0)'" } ?? "")
            return result
        }
        var variables = scenario.cases[c].numbers
        for (k, v) in theory[c] { variables[k] = v }
        let replicates = byReplicate.keys.sorted()
        switch claim.statistic {
        case .mean, .median:
            var xs: [Double]
            if replicates.count == 1 {
                xs = byReplicate[replicates[0]]!.keys.sorted().map { byReplicate[replicates[0]]![$0]! }  // tensors as samples
            } else {
                xs = replicates.map { r in
                    let v = byReplicate[r]!.values.filter(\.isFinite)
                    return v.isEmpty ? .nan : v.reduce(0, +) / Double(v.count)
                }
            }
            xs = xs.filter(\.isFinite)
            guard !xs.isEmpty else { result.note = "no finite values"; return result }
            let (m, se, sd) = ClaimStatistics.meanAndSE(xs)
            let value = claim.statistic == .mean ? m : ClaimStatistics.median(xs)
            let s = claim.statistic == .mean ? se : 1.2533 * sd / Double(xs.count).squareRoot()
            result.value = value; result.standardError = s; result.ciLow = value - 1.96 * s; result.ciHigh = value + 1.96 * s
            result.n = xs.count
        case let .rejectionRate(alpha):
            let all = byReplicate.values.flatMap(\.values).filter { !$0.isNaN }
            let x = all.filter { $0 < alpha }.count
            result.n = all.count
            guard !all.isEmpty else { result.note = "no finite p-values"; return result }
            result.value = Double(x) / Double(all.count)
            result.standardError = (result.value * (1 - result.value) / Double(all.count)).squareRoot()
            (result.ciLow, result.ciHigh) = ClaimStatistics.clopperPearson(x, all.count)
        case .fraction:
            let all = byReplicate.values.flatMap(\.values).filter { !$0.isNaN }
            let x = all.filter { $0 != 0 }.count
            result.n = all.count
            guard !all.isEmpty else { result.note = "no values"; return result }
            result.value = Double(x) / Double(all.count)
            result.standardError = (result.value * (1 - result.value) / Double(all.count)).squareRoot()
            (result.ciLow, result.ciHigh) = ClaimStatistics.clopperPearson(x, all.count)
        case .spearmanDepth:
            // Per-tensor means over replicates, against each tensor's depth.
            var means: [String: [Double]] = [:]
            for r in replicates { for (t, v) in byReplicate[r]! where v.isFinite { means[t, default: []].append(v) } }
            var depths: [Double] = [], ys: [Double] = []
            for (t, vs) in means.sorted(by: { $0.key < $1.key }) {
                guard let d = depthOf(tensor: t, caseIndex: c) else { continue }
                depths.append(Double(d)); ys.append(vs.reduce(0, +) / Double(vs.count))
            }
            guard depths.count >= 3 else { result.note = "fewer than 3 tensors with a layer index"; return result }
            let (rho, p) = ClaimStatistics.spearman(depths, ys)
            // 95 % CI by Fisher's z with the Spearman variance 1.06/(n − 3) (Fieller et al. 1957).
            let n = Double(depths.count)
            let z = atanh(Swift.max(-0.999999, Swift.min(0.999999, rho))), se = n > 3 ? (1.06 / (n - 3)).squareRoot() : .infinity
            result.value = rho; result.standardError = 0
            result.ciLow = n > 3 ? tanh(z - 1.96 * se) : -1
            result.ciHigh = n > 3 ? tanh(z + 1.96 * se) : 1
            result.n = depths.count
            result.note = String(format: "p = %.2g over %d layers", p, depths.count)
        }
        judge(claim.expectation, variables: variables, into: &result)
        return result
    }

    private func depthOf(tensor: String, caseIndex c: Int) -> Int? {
        for row in table.values {
            if let d = row[MetricKey(caseIndex: c, tensor: tensor, quantity: "depth")], d.isFinite { return Int(d) }
        }
        return nil
    }

    private func judge(_ expectation: Expectation, variables: [String: Double], into r: inout ClaimResult) {
        func fmt(_ x: Double) -> String { String(format: "%.4g", x) }
        switch expectation {
        case let .equals(e, k):
            let expected = e.evaluate(variables)
            // The SE comes from R replicates, so k normal SEs become the t quantile with R − 1
            // degrees of freedom that has the same tail probability.
            let kt = ClaimStatistics.studentizedTolerance(k, samples: r.n)
            let tolerance = kt * r.standardError
            r.expected = "= \(fmt(expected)) ± \(fmt(kt)) SE"
            let ok = r.standardError > 0 ? abs(r.value - expected) <= tolerance : abs(r.value - expected) <= 1e-9 * max(1, abs(expected))
            r.verdict = ok ? .pass : .fail
            r.note = r.standardError > 0 ? String(format: "z = %.2f", (r.value - expected) / r.standardError) + (r.note.isEmpty ? "" : "; " + r.note) : r.note
        case let .calibrated(confidence):
            guard case let .rejectionRate(alpha) = claimStatistic(r) else {
                r.expected = "calibrated needs statistic: rejection_rate"; r.verdict = .fail; return
            }
            let (lo, hi) = ClaimStatistics.binomialBand(n: r.n, p: alpha, confidence: confidence)
            r.expected = "in [\(fmt(lo)), \(fmt(hi))] (\(fmt(confidence * 100))% band of Bin(\(r.n), \(fmt(alpha))))"
            r.verdict = r.value >= lo && r.value <= hi ? .pass : .fail
        case let .atLeast(e):
            let bound = e.evaluate(variables)
            r.expected = "≥ \(fmt(bound))"
            r.verdict = r.value >= bound ? .pass : .fail
        case let .atMost(e):
            let bound = e.evaluate(variables)
            r.expected = "≤ \(fmt(bound))"
            r.verdict = r.value <= bound ? .pass : .fail
        case let .evidence(threshold, above, below):
            r.expected = "open question (threshold \(fmt(threshold)))"
            r.verdict = .info
            let sentence: String
            if r.ciLow > threshold { sentence = above } else if r.ciHigh < threshold { sentence = below } else {
                sentence = "inconclusive: the CI straddles \(fmt(threshold))"
            }
            r.note = r.note.isEmpty ? sentence : sentence + "; " + r.note
        }
    }

    private func claimStatistic(_ r: ClaimResult) -> ClaimStatistic? {
        scenario.claims.first { $0.name == r.claim && $0.metric == r.metric }?.statistic
    }
}
