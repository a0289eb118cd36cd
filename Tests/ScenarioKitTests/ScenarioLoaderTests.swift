import Testing
@testable import ScenarioKit
import Distributions
import GSLKit

/// A scenario that loads; the broken ones below are edits of it.
let validScenario = """
name: lora-like
description: a valid scenario
seed: 7
replicates: 50
cases:
  grid:
    r: [1, 4]
    n: [64, 128]
experiment:
  sample:
    law: gaussian(sigma=${r})
    shape: ${n}x${n}
claims:
  - name: variance equals r^2
    metric: std
    statistic: mean
    expect: {equals: "r", within_se: 4}
  - name: calibrated KS
    metric: ks.p_value
    statistic: rejection_rate
    alpha: 0.05
    expect: {calibrated: 0.999}
"""

@Suite struct ScenarioLoaderTests {
    @Test func validScenarioLoads() throws {
        let s = try ScenarioLoader.parse(validScenario, file: "valid.yaml")
        #expect(s.name == "lora-like")
        #expect(s.seed == 7)
        #expect(s.replicates == 50)
        #expect(s.quickReplicates == 10)
        #expect(s.cases.map(\.label) == ["r=1, n=64", "r=1, n=128", "r=4, n=64", "r=4, n=128"])
        #expect(s.caseExperiments[3] == .sample(law: try ParsedLaw("gaussian(sigma=4)"), shape: [128, 128], tensors: 1, rank: nil))
        #expect(s.claims.count == 2)
        #expect(s.claims[1].statistic == .rejectionRate(alpha: 0.05))
        #expect(s.claims[0].line == 14)
    }

    /// Each broken scenario, the text its error must contain, and the line it must name.
    static let broken: [(String, String, String, Int)] = [
        ("unknown top-level key", validScenario.replacingOccurrences(of: "replicates: 50", with: "replicats: 50"),
         "unknown key 'replicats' (did you mean 'replicates'?)", 4),
        ("YAML syntax", validScenario.replacingOccurrences(of: "seed: 7", with: "seed: [7"), "YAML syntax error", 0),
        ("empty file", "", "the file is empty", 1),
        ("top level not a mapping", "- a\n- b\n", "expected a mapping", 1),
        ("missing name", validScenario.replacingOccurrences(of: "name: lora-like\n", with: ""), "missing required key 'name'", 0),
        ("bad name", validScenario.replacingOccurrences(of: "name: lora-like", with: "name: 'lora like!'"), "non-empty identifier", 1),
        ("negative seed", validScenario.replacingOccurrences(of: "seed: 7", with: "seed: -3"), "non-negative", 3),
        ("seed not a number", validScenario.replacingOccurrences(of: "seed: 7", with: "seed: seven"), "expected an integer", 3),
        ("zero replicates", validScenario.replacingOccurrences(of: "replicates: 50", with: "replicates: 0"), "at least 1", 4),
        ("absurd replicates", validScenario.replacingOccurrences(of: "replicates: 50", with: "replicates: 3277777777777777"), "at most 10000000", 4),
        ("unknown generator", validScenario.replacingOccurrences(of: "seed: 7", with: "seed: 7\ngenerator: tuas2"),
         "unknown generator 'tuas2' (did you mean 'taus2'?)", 4),
        ("unknown law", validScenario.replacingOccurrences(of: "law: gaussian(sigma=${r})", with: "law: gausian(sigma=${r})"),
         "unknown law", 11),
        ("impossible parameter", validScenario.replacingOccurrences(of: "gaussian(sigma=${r})", with: "gaussian(sigma=-${r})"),
         "sigma", 11),
        ("bad shape", validScenario.replacingOccurrences(of: "shape: ${n}x${n}", with: "shape: ${n}by${n}"), "a shape is like", 12),
        ("zero dimension", validScenario.replacingOccurrences(of: "shape: ${n}x${n}", with: "shape: 0x${n}"), "at least 1", 12),
        ("two experiment kinds", validScenario.replacingOccurrences(of: "experiment:\n", with: "experiment:\n  checkpoint: {}\n"),
         "exactly one experiment kind", 10),
        ("unknown experiment kind", validScenario.replacingOccurrences(of: "  sample:\n", with: "  sampel:\n"),
         "unknown key 'sampel' (did you mean 'sample'?)", 10),
        ("unknown experiment key", validScenario.replacingOccurrences(of: "    shape: ${n}x${n}", with: "    shape: ${n}x${n}\n    tensor: 2"),
         "unknown key 'tensor' (did you mean 'tensors'?)", 13),
        ("no claims", String(validScenario[..<validScenario.range(of: "claims:")!.lowerBound]), "missing required key 'claims'", 0),
        ("empty claims", String(validScenario[..<validScenario.range(of: "claims:")!.lowerBound]) + "claims: []\n",
         "at least one claim", 13),
        ("unknown statistic", validScenario.replacingOccurrences(of: "statistic: mean", with: "statistic: maen"),
         "unknown statistic 'maen' (did you mean 'mean'?)", 16),
        ("rejection rate without alpha", validScenario.replacingOccurrences(of: "    alpha: 0.05\n", with: ""),
         "missing required key 'alpha'", 18),
        ("alpha out of range", validScenario.replacingOccurrences(of: "alpha: 0.05", with: "alpha: 1.5"), "must be in (0, 1)", 21),
        ("alpha on a mean", validScenario.replacingOccurrences(of: "    statistic: mean\n", with: "    statistic: mean\n    alpha: 0.05\n"),
         "'alpha' applies only", 17),
        ("unbound variable", validScenario.replacingOccurrences(of: "equals: \"r\"", with: "equals: \"rr\""),
         "'rr' is not a case variable (did you mean 'r'?)", 17),
        ("bad expression", validScenario.replacingOccurrences(of: "equals: \"r\"", with: "equals: \"3 + * r\""), "cannot parse", 17),
        ("two expectations", validScenario.replacingOccurrences(of: "{calibrated: 0.999}", with: "{calibrated: 0.999, at_least: 0.1}"),
         "exactly one of", 22),
        ("calibration confidence", validScenario.replacingOccurrences(of: "calibrated: 0.999", with: "calibrated: 99.9"),
         "a confidence in (0.5, 1)", 22),
        ("bad tensor regex", validScenario.replacingOccurrences(of: "    metric: std\n", with: "    metric: std\n    tensor: '(('\n"),
         "not a valid regular expression", 16),
        ("case filter matching nothing", validScenario.replacingOccurrences(of: "    metric: std\n", with: "    metric: std\n    cases: 'r=9'\n"),
         "matches none of the cases", 16),
        ("duplicate key", validScenario.replacingOccurrences(of: "seed: 7", with: "seed: 7\nseed: 8"), "duplicate key 'seed'", 4),
        ("grid without values", validScenario.replacingOccurrences(of: "    r: [1, 4]", with: "    r: []"), "at least one value", 7),
        ("nested too deep", validScenario.replacingOccurrences(of: "seed: 7", with: "seed: " + String(repeating: "[", count: 100) + "7"),
         "nested deeper than 64 levels", 3),
        ("indented too deep", validScenario + "\n" + String(repeating: " ", count: 300) + "x: 1\n", "indented deeper than 256 columns", 23),
        ("claims not a list", String(validScenario[..<validScenario.range(of: "claims:")!.lowerBound]) + "claims: {name: x}\n",
         "expected a list", 13),
    ]

    @Test(arguments: broken.indices)
    func brokenScenarioIsRejectedWithLocation(_ i: Int) {
        let (what, text, expected, line) = Self.broken[i]
        do {
            _ = try ScenarioLoader.parse(text, file: "broken.yaml")
            Issue.record("\(what): loaded, but should have failed with '\(expected)'")
        } catch {
            #expect(error.description.contains(expected), "\(what): got \(error.description)")
            #expect(error.description.hasPrefix("broken.yaml"), "\(what): \(error.description)")
            if line > 0 { #expect(error.line == line, "\(what): \(error.description)") }
        }
    }

    static let explicitModel = """
    name: explicit-model
    seed: 3
    replicates: 2
    experiment:
      drift:
        model:
          layers:
            - {name: blocks.0.attn.q, shape: 16x32, depth: 0, module: q}
            - {name: blocks.0.mlp.up, shape: 64x32, depth: 0, module: up}
            - {name: blocks.1.attn.q, shape: 16x32, depth: 1, module: q}
        sigma0: 0.02
        sigma_delta: {linear: [0.001, 0.002]}
    claims:
      - name: delta std follows the schedule
        metric: std
        tensor: 'delta$'
        statistic: mean
        expect: {at_least: 0}
    """

    /// An explicit layer list: each matrix with its own name, shape, depth and module, generated
    /// with the schedule of its depth.
    @Test func explicitLayerListDrivesTheDrift() throws {
        let s = try ScenarioLoader.parse(Self.explicitModel, file: "explicit.yaml")
        let runner = ScenarioRunner(scenario: s, threads: 1, version: "test")
        let tensors = try runner.tensors(caseIndex: 0, replicate: 0)
        let deltas = tensors.filter { $0.name.hasSuffix(".delta") }
        #expect(deltas.map(\.name) == ["blocks.0.attn.q.delta", "blocks.0.mlp.up.delta", "blocks.1.attn.q.delta"])
        #expect(deltas.map(\.shape) == [[16, 32], [64, 32], [16, 32]])
        #expect(deltas.map(\.depth) == [0, 0, 1])
    }

    @Test(arguments: [
        ("- {name: blocks.0.attn.q, shape: 16x32, depth: 0, module: q}", "- {name: blocks.0.attn.q, shape: 16x32, depth: 0, module: q}\n        - {name: blocks.0.attn.q, shape: 8x8, depth: 1}", "duplicate layer name"),
        ("shape: 64x32, depth: 0", "shape: 64, depth: 0", "needs a matrix shape"),
        ("depth: 1, module: q}", "depth: -1, module: q}", "depth must be in"),
        ("module: up}", "module: up, kind: x}", "unknown key 'kind'"),
    ])
    func brokenLayerListsAreRejected(old: String, new: String, expected: String) {
        let text = Self.explicitModel.replacingOccurrences(of: old, with: new)
        #expect(text != Self.explicitModel)
        do {
            _ = try ScenarioLoader.parse(text, file: "explicit.yaml")
            Issue.record("loaded, but should have failed with '\(expected)'")
        } catch {
            #expect(error.description.contains(expected), "\(error.description)")
        }
    }

    /// Low-rank updates across depth: each layer's ΔW has the rank its schedule gives (counted as
    /// the eigenvalues of ΔW·ΔWᵀ above 1e-9 of the largest).
    @Test func lowRankRankPerDepth() throws {
        let text = """
        name: rank-by-depth
        seed: 4
        replicates: 2
        experiment:
          low_rank: {shape: 24x40, layers: 4, rank: {list: [1, 2, 4, 8]}}
        claims:
          - {name: kurtosis, metric: excess_kurtosis, expect: {at_least: -10}}
        """
        let s = try ScenarioLoader.parse(text, file: "lr.yaml")
        let tensors = try ScenarioRunner(scenario: s, threads: 1, version: "test").tensors(caseIndex: 0, replicate: 0)
        #expect(tensors.map(\.name) == (0..<4).map { "layers.\($0).delta" })
        for (l, t) in tensors.enumerated() {
            let eig = try t.values.map(Double.init).withUnsafeBufferPointer { try LinearAlgebra.gramEigenvalues($0, rows: 24, columns: 40) }
            let rank = eig.filter { $0 > 1e-9 * eig.last! }.count
            #expect(rank == [1, 2, 4, 8][l], "layer \(l)")
        }
        let tooHigh = text.replacingOccurrences(of: "[1, 2, 4, 8]", with: "[1, 2, 4, 30]")
        #expect(throws: ScenarioError.self) { try ScenarioLoader.parse(tooHigh, file: "lr.yaml") }
    }

    @Test func expressionsEvaluate() throws {
        let e = try Expression.parse("3 + 6/r - sqrt(4)^2")
        #expect(e.evaluate(["r": 2]) == 2)
        #expect(try Expression.parse("-2^2").evaluate([:]) == -4)
        #expect(try Expression.parse("max(1, theory.std) * 1e-2").evaluate(["theory.std": 3]) == 0.03)
        #expect(throws: Expression.ParseError.self) { try Expression.parse("3 +") }
        #expect(throws: Expression.ParseError.self) { try Expression.parse("foo(1)") }
    }

    @Test func suggestionsFindCloseWords() {
        #expect(Suggestion.closest(to: "replicats", among: ScenarioLoader.topKeys) == "replicates")
        #expect(Suggestion.closest(to: "xyz", among: ScenarioLoader.topKeys) == nil)
    }
}
