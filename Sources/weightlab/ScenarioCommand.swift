import ArgumentParser
import ScenarioKit

/// `weightlab scenario`: tools for scenario files.
struct ScenarioCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scenario",
        abstract: "Scenario file tools.",
        subcommands: [Schema.self, Check.self, MetricList.self]
    )

    struct Schema: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the JSON Schema of the scenario format (for editors).")
        func run() { print(ScenarioSchema.json) }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Load and validate scenario files without running them.",
            discussion: "Claims are checked at both sizes, replicates and quick_replicates (--quick).")
        @Argument(help: "Scenario files or folders.") var scenarios: [String]
        func run() throws {
            for f in try ScenarioFiles.expand(scenarios) {
                do {
                    let s = try ScenarioLoader.load(f)
                    for quick in [false, true] {
                        try ScenarioRunner(scenario: s, quick: quick, threads: 1, version: WeightLabVersion.string).validate()
                    }
                    print("\(f.path): ok (\(s.cases.count) cases, \(s.claims.count) claims, \(s.replicates) replicates, \(s.quickReplicates) quick)")
                } catch { throw InputError("\(error)") }
            }
        }
    }
}
