import ArgumentParser
import Foundation
import ScenarioKit

extension ScenarioCommand {
    /// `weightlab scenario metrics`: every metric a claim can test, from the metric catalogue.
    struct MetricList: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "metrics",
            abstract: "List every metric a claim can test, with its unit, what produces it and what it means.",
            discussion: "Families such as loss.train_at_{step} stand for one metric per value of the placeholder. "
                + "With --json, a JSON array of {name, unit, scope, source, condition, doc}.")
        @OptionGroup var json: JSONOutput
        @OptionGroup var forceFlag: ForceFlag
        @Flag(help: "Print the Markdown table of the README.") var markdown = false

        func validate() throws {
            if json.path != nil && markdown { throw ValidationError("--json and --markdown exclude each other") }
        }

        func run() throws {
            if json.path != nil {
                try json.refuseExisting(overwrite: forceFlag.force)
                try json.write(Data(MetricCatalogue.json.utf8), overwrite: forceFlag.force)
                if json.toStdout { return }
            }
            print(markdown ? MetricCatalogue.markdown : MetricCatalogue.text, terminator: "")
        }
    }
}
