import Foundation
import MonteCarlo

/// Reduces the per-replicate metrics to one ``ClaimResult`` per claim and case.
///
/// Every reduction runs in one fixed order — replicates ascending, tensors by name — so that the
/// report is the same bit for bit however the results were gathered (threads, shards, resume).
struct ClaimEvaluator {
    let scenario: Scenario
    /// Replicate index → metric key → value.
    let table: [Int: [MetricKey: Double]]
    /// Closed-form values per case (`theory.*`).
    let theory: [[String: Double]]
    /// Case → tensor → layer index.
    let depths: [Int: [String: Int]]

    init(scenario: Scenario, results: [Int: Metrics<MetricKey>], theory: [[String: Double]]) {
        self.scenario = scenario
        self.theory = theory
        var t: [Int: [MetricKey: Double]] = [:]
        var d: [Int: [String: Int]] = [:]
        for i in results.keys.sorted() {
            let m = results[i]!
            var row: [MetricKey: Double] = [:]
            for (k, value) in zip(m.names, m.values) {
                row[k] = value
                if k.quantity == "depth", value.isFinite, d[k.caseIndex]?[k.tensor] == nil { d[k.caseIndex, default: [:]][k.tensor] = Int(value) }
            }
            t[i] = row
        }
        table = t
        depths = d
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

    /// One replicate's values of a claim's metric: (tensor, value) sorted by tensor name.
    private typealias Row = (replicate: Int, values: [(tensor: String, value: Double)])

    /// The claim's metric in case c, replicates ascending (those without it left out).
    private func rows(_ claim: Claim, caseIndex c: Int, tensorRegex: Regex<AnyRegexOutput>?) -> [Row] {
        var out: [Row] = []
        for r in table.keys.sorted() {
            var values: [(tensor: String, value: Double)] = []
            for (k, v) in table[r]! where k.caseIndex == c && k.quantity == claim.metric {
                if let tensorRegex, !k.tensor.contains(tensorRegex) { continue }
                values.append((k.tensor, v))
            }
            if !values.isEmpty { out.append((r, values.sorted { $0.tensor < $1.tensor })) }
        }
        return out
    }

    private func evaluate(_ claim: Claim, caseIndex c: Int, label: String, tensorRegex: Regex<AnyRegexOutput>?) -> ClaimResult {
        let rows = rows(claim, caseIndex: c, tensorRegex: tensorRegex)
        var result = ClaimResult(claim: claim.name, caseLabel: label, metric: claim.metric, statistic: claim.statistic.name,
                                 value: .nan, standardError: .nan, ciLow: .nan, ciHigh: .nan, expected: "", verdict: .fail, note: "", n: 0)
        guard !rows.isEmpty else {
            result.note = "no replicate produced '\(claim.metric)'" + (claim.tensor.map { " for tensors matching '\($0)'" } ?? "")
            return result
        }
        var variables = scenario.cases[c].numbers
        for (k, v) in theory[c] { variables[k] = v }
        switch claim.statistic {
        case .mean, .median:
            if claim.eachTensor { return eachTensor(claim, rows: rows, variables: variables, template: result) }
            // One replicate: its tensors are the samples; else each replicate's mean over tensors.
            let xs = rows.count == 1 ? rows[0].values.map(\.value) : rows.map { row in
                let v = row.values.map(\.value).filter(\.isFinite)
                return v.isEmpty ? .nan : v.reduce(0, +) / Double(v.count)
            }
            guard Self.summarise(xs.filter(\.isFinite), median: claim.statistic == .median, into: &result) else { return result }
        case let .rejectionRate(alpha):
            let all = rows.flatMap { $0.values.map(\.value) }.filter { !$0.isNaN }
            guard !all.isEmpty else { result.note = "no finite p-values"; return result }
            Self.rate(all.filter { $0 < alpha }.count, of: all.count, into: &result)
        case .fraction:
            let all = rows.flatMap { $0.values.map(\.value) }.filter { !$0.isNaN }
            guard !all.isEmpty else { result.note = "no values"; return result }
            Self.rate(all.filter { $0 != 0 }.count, of: all.count, into: &result)
        case .spearmanDepth:
            // Per-tensor means over replicates, against each tensor's depth.
            var sums: [String: (Double, Int)] = [:]
            for row in rows { for (t, v) in row.values where v.isFinite { sums[t, default: (0, 0)].0 += v; sums[t, default: (0, 0)].1 += 1 } }
            var depthList: [Double] = [], ys: [Double] = []
            for (t, s) in sums.sorted(by: { $0.key < $1.key }) {
                guard let d = depths[c]?[t] else { continue }
                depthList.append(Double(d)); ys.append(s.0 / Double(s.1))
            }
            guard depthList.count >= 3 else { result.note = "fewer than 3 tensors with a layer index"; return result }
            let (rho, p) = ClaimStatistics.spearman(depthList, ys)
            // 95 % CI by Fisher's z with the Spearman variance 1.06/(n − 3) (Fieller et al. 1957).
            let n = Double(depthList.count)
            let z = atanh(Swift.max(-0.999999, Swift.min(0.999999, rho))), se = n > 3 ? (1.06 / (n - 3)).squareRoot() : .infinity
            result.value = rho; result.standardError = 0
            result.ciLow = n > 3 ? tanh(z - 1.96 * se) : -1
            result.ciHigh = n > 3 ? tanh(z + 1.96 * se) : 1
            result.n = depthList.count
            result.note = String(format: "p = %.2g over %d layers", p, depthList.count)
        case let .trendDetected(alpha):
            var detected = 0, tested = 0, rhoSum = 0.0, layers = 0
            for row in rows {
                let pairs = row.values.compactMap { t, v in depths[c]?[t].flatMap { v.isFinite ? (Double($0), v) : nil } }
                guard pairs.count >= 3 else { continue }
                let (rho, p) = ClaimStatistics.spearman(pairs.map(\.0), pairs.map(\.1))
                tested += 1
                rhoSum += rho
                layers = Swift.max(layers, pairs.count)
                if rho > 0 && p < alpha { detected += 1 }
            }
            guard tested > 0 else { result.note = "no replicate has 3 tensors with a layer index"; return result }
            Self.rate(detected, of: tested, into: &result)
            result.note = String(format: "mean ρ = %.2f over %d layers", rhoSum / Double(tested), layers)
        }
        judge(claim, variables: variables, into: &result)
        return result
    }

    /// Mean with its SE and a 95 % CI from the t quantile, or median with its order-statistic CI
    /// (and the SE that CI implies); false when `xs` is empty.
    private static func summarise(_ xs: [Double], median: Bool, into r: inout ClaimResult) -> Bool {
        guard !xs.isEmpty else { r.note = "no finite values"; return false }
        r.n = xs.count
        if median {
            r.value = ClaimStatistics.median(xs)
            (r.ciLow, r.ciHigh) = ClaimStatistics.medianInterval(xs)
            r.standardError = (r.ciHigh - r.ciLow) / (2 * 1.959963984540054)
            return true
        }
        let (m, se, _) = ClaimStatistics.meanAndSE(xs)
        r.value = m
        r.standardError = se
        let half = se > 0 ? ClaimStatistics.tQuantile(0.975, samples: xs.count) * se : 0
        r.ciLow = m - half
        r.ciHigh = m + half
        return true
    }

    /// x of n as a rate with its binomial SE and Clopper–Pearson CI.
    private static func rate(_ x: Int, of n: Int, into r: inout ClaimResult) {
        r.n = n
        r.value = Double(x) / Double(n)
        r.standardError = (r.value * (1 - r.value) / Double(n)).squareRoot()
        (r.ciLow, r.ciHigh) = ClaimStatistics.clopperPearson(x, n)
    }

    /// Each matching tensor reduced over replicates and judged alone; the result is the worst
    /// tensor's, failing when any tensor fails.
    private func eachTensor(_ claim: Claim, rows: [Row], variables: [String: Double], template: ClaimResult) -> ClaimResult {
        var columns: [String: [Double]] = [:]
        for row in rows { for (t, v) in row.values where v.isFinite { columns[t, default: []].append(v) } }
        var worst: (result: ClaimResult, badness: Double, tensor: String)?
        var failed = 0
        for (tensor, xs) in columns.sorted(by: { $0.key < $1.key }) {
            var r = template
            guard Self.summarise(xs, median: claim.statistic == .median, into: &r) else { continue }
            let badness = judge(claim, variables: variables, into: &r)
            if r.verdict == .fail { failed += 1 }
            if worst == nil || badness > worst!.badness { worst = (r, badness, tensor) }
        }
        guard var out = worst?.result, let name = worst?.tensor else {
            var r = template
            r.note = "no finite values"
            return r
        }
        let detail = out.note.isEmpty ? "" : " (\(out.note))"
        out.note = failed > 0 ? "\(failed) of \(columns.count) tensors fail; worst \(name)\(detail)"
            : "all \(columns.count) tensors hold; worst \(name)\(detail)"
        out.verdict = failed > 0 ? .fail : out.verdict
        return out
    }

    /// Sets the verdict and the expected text; returns how badly the value misses (> 1 fails for
    /// `equals`; > 0 fails for bounds), so that the worst of several tensors can be reported.
    @discardableResult
    private func judge(_ claim: Claim, variables: [String: Double], into r: inout ClaimResult) -> Double {
        func fmt(_ x: Double) -> String { String(format: "%.4g", x) }
        switch claim.expectation {
        case let .equals(e, k):
            let expected = e.evaluate(variables)
            // The SE comes from n samples, so k normal SEs become the t quantile with n − 1
            // degrees of freedom that has the same tail probability.
            let kt = ClaimStatistics.studentizedTolerance(k, samples: r.n)
            let tolerance = kt * r.standardError
            r.expected = "= \(fmt(expected)) ± \(fmt(kt)) SE"
            let miss = abs(r.value - expected)
            let badness = r.standardError > 0 ? miss / tolerance : (miss <= 1e-9 * max(1, abs(expected)) ? 0 : .infinity)
            r.verdict = badness <= 1 ? .pass : .fail
            if r.standardError > 0 {
                r.note = String(format: "z = %.2f", (r.value - expected) / r.standardError) + (r.note.isEmpty ? "" : "; " + r.note)
            }
            return badness.isNaN ? .infinity : badness
        case let .calibrated(confidence):
            guard case let .rejectionRate(alpha) = claim.statistic else {
                r.expected = "calibrated needs statistic: rejection_rate"; r.verdict = .fail; return .infinity
            }
            let (lo, hi) = ClaimStatistics.binomialBand(n: r.n, p: alpha, confidence: confidence)
            r.expected = "in [\(fmt(lo)), \(fmt(hi))] (\(fmt(confidence * 100))% band of Bin(\(r.n), \(fmt(alpha))))"
            let ok = r.value >= lo && r.value <= hi
            r.verdict = ok ? .pass : .fail
            return ok ? 0 : .infinity
        case let .atLeast(e):
            let bound = e.evaluate(variables)
            r.expected = "≥ \(fmt(bound))"
            r.verdict = r.value >= bound ? .pass : .fail
            return Self.margin(bound - r.value, r)
        case let .atMost(e):
            let bound = e.evaluate(variables)
            r.expected = "≤ \(fmt(bound))"
            r.verdict = r.value <= bound ? .pass : .fail
            return Self.margin(r.value - bound, r)
        case let .evidence(threshold, above, below):
            r.expected = "open question (threshold \(fmt(threshold)))"
            r.verdict = .info
            let sentence: String
            if r.ciLow > threshold { sentence = above } else if r.ciHigh < threshold { sentence = below } else {
                sentence = "inconclusive: the CI straddles \(fmt(threshold))"
            }
            r.note = r.note.isEmpty ? sentence : sentence + "; " + r.note
            return 0
        }
    }

    /// A bound's excess in standard errors (or raw when the SE is 0); NaN counts as the worst.
    private static func margin(_ excess: Double, _ r: ClaimResult) -> Double {
        let m = r.standardError > 0 ? excess / r.standardError : excess
        return m.isNaN ? .infinity : m
    }
}
