import Foundation
import Testing
@testable import ScenarioKit

/// The heavy-tail report (`heavy_tail` key) reaches the scenario metric catalogue: its numbers are
/// claim metrics under their dotted JSON paths, and a claim on one validates.
@Suite struct HeavyTailMetricTests {
    static let scenario = """
    name: heavy-tail-metrics
    seed: 4
    replicates: 4
    experiment:
      sample: {law: "studentt(nu=1.5, scale=0.02)", shape: 32x64, tensors: 1}
    analysis: {normality: false, fits: false, filters: false, iid: false}
    claims:
      - name: alpha is a metric
        metric: heavy_tail.alpha
        expect: {at_least: 1}
    """

    @Test func heavyTailFieldsAreClaimMetrics() throws {
        let s = try ScenarioLoader.parse(Self.scenario, file: "h.yaml")
        let runner = ScenarioRunner(scenario: s, threads: 1, version: "test")
        try runner.validate()
        let names = runner.analysisQuantities()
        for key in ["heavy_tail.alpha", "heavy_tail.alpha_weighted", "heavy_tail.xmin", "heavy_tail.D", "heavy_tail.num_pl_spikes",
                    "heavy_tail.log_norm", "heavy_tail.log_spectral_norm", "heavy_tail.stable_rank", "heavy_tail.over_trained",
                    "heavy_tail.bootstrap.csn_p_value", "heavy_tail.bootstrap.alpha_ci_low", "heavy_tail.traps.traps",
                    "heavy_tail.traps.rand_distance", "heavy_tail.comparisons.exponential.p_value"] {
            #expect(names.contains(key), "\(key) missing")
        }
        #expect(!names.contains { $0.hasPrefix("heavy_tail.eigenvalues") })
    }
}
