import Distributions
import Foundation
import Simulation
import Testing
@testable import ScenarioKit

/// Errors of the layers below a scenario reach its caller typed (in `ScenarioError.cause`), with
/// the same message as before, and located at the file and key they come from.
@Suite struct TypedErrorTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A misspelt law: the cause is the law parser's own `unknownLaw`, with its suggestion.
    @Test func lawErrorIsCarried() throws {
        let text = validScenario.replacingOccurrences(of: "law: gaussian(sigma=${r})", with: "law: gausian(sigma=${r})")
        let error = try #require(throws: ScenarioError.self) { try ScenarioLoader.parse(text, file: "law.yaml") }
        #expect(error.cause as? DistributionError == .unknownLaw("gausian", suggestion: "gaussian"), "\(error)")
        #expect(error.description.hasPrefix("law.yaml:"), "\(error)")
        #expect(error.description.contains("law: unknown law 'gausian' (did you mean 'gaussian'?)"), "\(error)")
    }

    /// A low-rank setting the simulation refuses (α = 0): the cause is the `SimulationError` (typed, not
    /// flattened to a string), its message the setting's key and why.
    @Test func simulationErrorIsCarried() throws {
        let text = """
        name: low
        replicates: 2
        experiment:
          low_rank:
            shape: 8x8
            rank: 2
            alpha: 0
        """
        let error = try #require(throws: ScenarioError.self) { try ScenarioLoader.parse(text, file: "low.yaml") }
        let cause = try #require(error.cause as? SimulationError, "\(error)")
        #expect(cause == .invalidParameter("low rank needs a finite α ≠ 0, got 0.0"), "\(cause)")
        #expect(error.message == cause.description)
        #expect(error.description.hasPrefix("low.yaml:"), "\(error)")
    }

    /// A merge the simulation refuses at load (trim outside (0, 1]): the `SimulationError` is the
    /// cause and the message, located at the key the message names (`trim`), not at the kind.
    @Test func simulationErrorIsPlacedAtItsKey() throws {
        let text = "name: m\nexperiment:\n  merge:\n    shape: 16x16\n    task_sigma: 0.1\n    trim: 1.5\n"
            + "claims:\n  - {name: x, metric: noise_shrinkage_ratio, expect: {at_least: 0}}\n"
        let error = try #require(throws: ScenarioError.self) { try ScenarioLoader.parse(text, file: "m.yaml") }
        let cause = try #require(error.cause as? SimulationError, "\(error)")
        #expect(cause == .invalidParameter("trim must be in (0, 1], got 1.5"), "\(cause)")
        #expect(error.message == cause.description)
        #expect(error.keyPath == "experiment.merge.trim" && error.line == 6, "\(error)")
    }

    /// A law of a low-rank setting that does not parse: it cannot be stored (laws are parsed at
    /// load), the loader names the key with the law's own error, and the simulation's wrapper
    /// still reads the same.
    @Test func lowRankLawErrorIsWrapped() throws {
        #expect(throws: DistributionError.unknownLaw("laplce", suggestion: "laplace")) { try ParsedLaw("laplce(scale=1)") }
        let text = "name: low\nexperiment:\n  low_rank: {shape: 8x8, rank: 1, law_b: 'laplce(scale=1)'}\nclaims:\n  - {name: x, metric: std, expect: {at_least: 0}}\n"
        let error = try #require(throws: ScenarioError.self) { try ScenarioLoader.parse(text, file: "low.yaml") }
        #expect(error.description.hasPrefix("low.yaml:3"), "\(error)")
        #expect(error.description.contains("law_b") && error.description.contains("unknown law 'laplce' (did you mean 'laplace'?)"), "\(error)")
        #expect(SimulationError.invalidLaw(key: "law_b", .unknownLaw("laplce", suggestion: "laplace")).description
                == "law_b: unknown law 'laplce' (did you mean 'laplace'?)")
    }

    /// A checkpoint scenario run without its input names its file (it used to say ": …").
    @Test func missingInputNamesTheFile() throws {
        let file = Self.repository.appendingPathComponent("Scenarios/real-checkpoint.yaml")
        let scenario = try ScenarioLoader.load(file)
        let runner = ScenarioRunner(scenario: scenario, threads: 1, version: "test")
        let error = try #require(throws: ScenarioError.self) { try runner.output(caseIndex: 0, replicate: 0) }
        #expect(error.file == scenario.file && !error.file.isEmpty, "\(error)")
        #expect(error.description.hasPrefix(scenario.file + ": "), "\(error)")
    }
}
