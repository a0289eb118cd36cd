import Distributions
import Foundation
import MonteCarlo
import Testing
@testable import ScenarioKit

/// Claims are checked against what each case's experiment produces, and against whether they can
/// fail at the run's size, before any replicate runs.
@Suite struct ClaimValidationTests {
    static let train = """
    name: train-claims
    seed: 3
    replicates: 12
    cases:
      - {adapter: noise, label: noise}
      - {adapter: full, label: full}
    experiment:
      train: {architecture: relu, widths: [8, 12, 12, 4], adapter: "${adapter}", steps: 20, batch: 8, train_size: 64, test_size: 32,
              record_steps: [10]}
    analysis: {fits: false, filters: false}
    claims:
      - name: noise scales by layer
        metric: noise_scale.1
        cases: noise
        expect: {at_least: -100}
    """

    func validate(_ text: String, quick: Bool = false) throws {
        let s = try ScenarioLoader.parse(text, file: "v.yaml")
        try ScenarioRunner(scenario: s, quick: quick, threads: 1, version: "test").validate()
    }

    func error(_ text: String, quick: Bool = false) -> ScenarioError? {
        do { try validate(text, quick: quick) } catch let e as ScenarioError { return e } catch { return nil }
        return nil
    }

    /// Training produces `noise_scale.{l}` (and `noise_scale` on each ΔW) in the noise case only.
    @Test func noiseScaleClaimsAreAccepted() throws {
        try validate(Self.train)
        try validate(Self.train.replacingOccurrences(of: "metric: noise_scale.1", with: "metric: noise_scale\n    tensor: 'delta$'\n    statistic: spearman_depth"))
        let e = error(Self.train.replacingOccurrences(of: "    cases: noise\n", with: ""))
        #expect(e?.description.contains("no analysis produces 'noise_scale.1'") == true, "\(String(describing: e))")
        #expect(e?.description.contains("(case full)") == true, "\(String(describing: e))")
        #expect(e?.line == 13)
    }

    /// Each bad claim, the text its error must contain, and the line it must name.
    static let bad: [(String, String, String, String, Int)] = [
        ("a tensor pattern matching nothing", "metric: noise_scale.1\n    cases: noise",
         "metric: std\n    tensor: 'layers\\.9\\.'\n    cases: noise", "claims[0].tensor: 'layers\\.9\\.' matches none of the tensors the train experiment produces", 14),
        ("a tensor pattern on an experiment quantity", "cases: noise", "cases: noise\n    tensor: delta",
         "'noise_scale.1' is a quantity of the whole train experiment", 15),
        ("a depth statistic on an experiment quantity", "cases: noise", "cases: noise\n    statistic: spearman_depth",
         "a per-tensor statistic needs a tensor metric", 15),
        ("a depth statistic over one layer", "metric: noise_scale.1\n    cases: noise\n    expect: {at_least: -100}",
         "metric: std\n    tensor: 'layers\\.0\\.delta$'\n    statistic: spearman_depth\n    expect: {at_least: -1}",
         "spearman_depth needs at least 3 matching tensors with a layer index, found 1", 14),
        ("theory without a closed form", "expect: {at_least: -100}", "expect: {at_least: theory.std}",
         "'theory.std' has no closed form for the train experiment", 15),
    ]

    @Test(arguments: bad.indices)
    func badClaimsAreRejectedWithTheirLine(_ i: Int) {
        let (what, old, new, expected, line) = Self.bad[i]
        let text = Self.train.replacingOccurrences(of: old, with: new)
        #expect(text != Self.train, "\(what)")
        guard let e = error(text) else { Issue.record("\(what): accepted"); return }
        #expect(e.description.contains(expected), "\(what): \(e.description)")
        #expect(e.line == line, "\(what): \(e.description)")
    }

    /// "Within k SE" needs the Student correction to at most double k: 11 replicates for 4.5 SE.
    @Test func withinSERefusesTooFewReplicates() throws {
        let text = Self.train.replacingOccurrences(of: "expect: {at_least: -100}", with: "expect: {equals: 0, within_se: 4.5}")
        try validate(text)  // 12 replicates
        let e = error(text, quick: true)  // quick_replicates defaults to 10
        #expect(e?.description.contains("within 4.5 SE from 10 replicates (quick_replicates) cannot discriminate") == true, "\(String(describing: e))")
        #expect(e?.description.contains("use at least 11 replicates") == true)
        #expect(ClaimStatistics.minimumSamples(withinSE: 4.5) == 11)
        #expect(ClaimStatistics.minimumSamples(withinSE: 3) == 6)
    }

    /// A calibration claim must be able to fail a test that never rejects: the 99.9 % band of
    /// Bin(n, 0.05) excludes 0 from n = 149 on ((0.95)ⁿ ≤ 0.0005).
    @Test func calibrationBandsMustExcludeZero() throws {
        #expect(ClaimStatistics.minimumCount(alpha: 0.05, confidence: 0.999) == 149)
        #expect(ClaimStatistics.binomialBand(n: 148, p: 0.05, confidence: 0.999).0 == 0)
        #expect(ClaimStatistics.binomialBand(n: 149, p: 0.05, confidence: 0.999).0 > 0)
        let text = """
        name: calibration
        seed: 1
        replicates: 50
        quick_replicates: 49
        experiment:
          sample: {law: gaussian(sigma=1), shape: 16x16, tensors: 3}
        analysis: {fits: false, filters: false, spectrum: false, iid: false}
        claims:
          - name: KS calibrated
            metric: ks.p_value
            statistic: rejection_rate
            alpha: 0.05
            expect: {calibrated: 0.999}
        """
        try validate(text)  // 150 p-values
        let e = error(text, quick: true)  // 147
        #expect(e?.description.contains("the 99.9% band of Bin(147, 0.05) starts at 0") == true, "\(String(describing: e))")
        #expect(e?.description.contains("at least 50 replicates") == true, "\(String(describing: e))")
        #expect(e?.line == 13)
    }

    /// What validation believes each experiment produces is what it produces.
    @Test(arguments: [
        "sample: {law: 'gaussian(sigma=1)', shape: 8x12, tensors: 3, rank: 2}",
        "drift: {model: {preset: minilm, width: 0.03, layers: 2}, sigma0: 0.02, sigma_delta: 0.01, delta_rank: 2}",
        "low_rank: {shape: 8x12, layers: 3, rank: {list: [1, 2, 3]}, law_a: 'laplace(scale=1)'}",
        "train: {widths: [6, 8, 4], adapter: noise, steps: 12, batch: 4, train_size: 16, test_size: 8, record_steps: [5]}",
    ])
    func catalogMatchesTheTensorsProduced(experiment: String) throws {
        let s = try ScenarioLoader.parse("name: c\nexperiment:\n  \(experiment)\nclaims:\n  - {name: x, metric: std, expect: {at_least: 0}}\n", file: "c.yaml")
        let runner = ScenarioRunner(scenario: s, threads: 1, version: "test")
        let produced = try runner.output(caseIndex: 0, replicate: 0)
        let expected = try #require(s.caseExperiments[0].producedTensors(input: nil))
        #expect(produced.tensors.map(\.name).sorted() == expected.map(\.name).sorted())
        for t in produced.tensors { #expect(expected.first { $0.name == t.name }?.depth == t.depth, "\(t.name)") }
        #expect(Set(produced.quantities.map(\.0)).isSubset(of: s.caseExperiments[0].experimentQuantities))
        for (_, qs) in produced.tensorQuantities { #expect(Set(qs.map(\.0)).isSubset(of: s.caseExperiments[0].tensorQuantities)) }
    }

    /// A grid value may bind several variables; `${axis}` is then its label.
    @Test func gridValuesMayBindSeveralVariables() throws {
        let s = try ScenarioLoader.parse("""
        name: bundles
        cases:
          grid:
            alt:
              - {law: "gaussian(sigma=1)", rank: 2, label: low}
              - {law: "laplace(scale=1)", rank: full, label: iid}
            n: [8, 16]
        experiment:
          sample: {law: "${law}", shape: "${n}x${n}", rank: "${rank}"}
        claims:
          - {name: x, metric: std, cases: "alt=low", expect: {at_least: 0}}
        """, file: "b.yaml")
        #expect(s.cases.map(\.label) == ["alt=low, n=8", "alt=low, n=16", "alt=iid, n=8", "alt=iid, n=16"])
        #expect(s.cases[1].values == ["alt": "low", "law": "gaussian(sigma=1)", "rank": "2", "n": "16"])
        #expect(s.caseExperiments[1] == .sample(law: try ParsedLaw("gaussian(sigma=1)"), shape: [16, 16], tensors: 1, rank: 2))
        #expect(s.caseExperiments[2] == .sample(law: try ParsedLaw("laplace(scale=1)"), shape: [8, 8], tensors: 1, rank: nil))
        #expect(throws: ScenarioError.self) {
            try ScenarioLoader.parse("name: b\ncases:\n  grid:\n    alt: [{a: 1}, {b: 2}]\nexperiment:\n  sample: {law: 'gaussian(sigma=1)', shape: 4x4}\nclaims:\n  - {name: x, metric: std, expect: {at_least: 0}}\n", file: "b.yaml")
        }
    }

    /// The reductions do not depend on the order the metrics arrive in: the same values listed in
    /// another order give bit-identical results.
    @Test func claimResultsDoNotDependOnMetricOrder() throws {
        let s = try ScenarioLoader.parse("""
        name: order
        replicates: 20
        experiment:
          sample: {law: "gaussian(sigma=1)", shape: 8x8, tensors: 7}
        claims:
          - {name: mean over tensors, metric: std, expect: {equals: 1, within_se: 4.5}}
          - {name: each tensor, metric: std, each_tensor: true, expect: {at_least: 0}}
        """, file: "o.yaml")
        var forward: [Int: Metrics<MetricKey>] = [:], backward: [Int: Metrics<MetricKey>] = [:]
        var x = 0.1234567
        for r in 0..<20 {
            var pairs: [(MetricKey, Double)] = []
            for t in 0..<7 {
                x = (x * 9301 + 0.49297).truncatingRemainder(dividingBy: 1)
                pairs.append((MetricKey(caseIndex: 0, tensor: "tensors.\(t)", quantity: "std"), 0.9 + 0.2 * x))
            }
            var f = Metrics<MetricKey>(), b = Metrics<MetricKey>()
            for (n, v) in pairs { f.append(n, v) }
            for (n, v) in pairs.reversed() { b.append(n, v) }
            forward[r] = f
            backward[r] = b
        }
        let a = ClaimEvaluator(scenario: s, results: forward, theory: [[:]]).evaluate()
        let b = ClaimEvaluator(scenario: s, results: backward, theory: [[:]]).evaluate()
        #expect(a == b)
        #expect(a[0].value.bitPattern == b[0].value.bitPattern && a[0].standardError.bitPattern == b[0].standardError.bitPattern)
    }

    /// The run's fingerprint hashes the source text and the effective seed and size, not the
    /// file's location.
    @Test func runKeyFollowsTextSeedAndSize() throws {
        let text = Self.train
        func key(_ t: String, file: String = "a.yaml", seed: UInt64? = nil, replicates: Int? = nil) throws -> String {
            var s = try ScenarioLoader.parse(t, file: file)
            if let seed { s.seed = seed }
            return ScenarioRunner(scenario: s, replicates: replicates, threads: 1, version: "test").key
        }
        let base = try key(text)
        #expect(try key(text, file: "elsewhere/b.yaml") == base)
        #expect(try key(text, seed: 4) != base)
        #expect(try key(text, replicates: 13) != base)
        #expect(try key(text.replacingOccurrences(of: "steps: 20", with: "steps: 21")) != base)
    }

    /// The Anscombe–Glynn kurtosis test against scipy.stats.kurtosistest (samples drawn in NumPy,
    /// their biased excess kurtosis and n given here; agreement to 1e-9 relative).
    @Test(arguments: [
        (1024, 2.53502471504366, 8.089739755613248, 5.979234766164514e-16),
        (5000, 0.12697270426240115, 1.7801893865332823, 0.07504497176317879),
        (300, 8.975421931187567, 7.799628713393768, 6.208958189821218e-15),
        (2000, -1.1996772781704899, -40.021253975461995, 0.0),
    ])
    func kurtosisTestMatchesSciPy(n: Int, g2: Double, z: Double, p: Double) {
        let t = KurtosisTest.test(excessKurtosis: g2, n: n)
        #expect(abs(t.z - z) <= 1e-9 * abs(z), "z \(t.z) vs \(z)")
        #expect(abs(t.p - p) <= 1e-9 * max(p, 1e-300) || (p == 0 && t.p < 1e-300), "p \(t.p) vs \(p)")
    }
}
