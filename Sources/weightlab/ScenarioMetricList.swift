import ArgumentParser
import ScenarioKit

extension ScenarioCommand {
    /// `weightlab scenario metrics`: every metric a claim can test, from the metric catalogue.
    struct MetricList: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "metrics",
            abstract: "List every metric a claim can test, with its unit, what produces it and what it means.",
            discussion: "Families such as loss.train_at_{step} stand for one metric per value of the placeholder.")
        @Flag(help: "Print a JSON array of {name, unit, scope, source, condition, doc}.") var json = false
        @Flag(help: "Print the Markdown table of the README.") var markdown = false

        func validate() throws {
            if json && markdown { throw ValidationError("--json and --markdown exclude each other") }
        }

        func run() {
            print(json ? MetricCatalogue.json : markdown ? MetricCatalogue.markdown : MetricCatalogue.text, terminator: "")
        }
    }
}
