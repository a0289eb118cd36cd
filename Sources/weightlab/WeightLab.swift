import ArgumentParser
import Foundation
import GSLKit

/// The `weightlab` command: parse, call the library, render. The only place that prints or exits.
@main
struct WeightLab: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "weightlab",
        abstract: "Generate, simulate and test the distributions of neural-network weights.",
        discussion: """
        Laws are written as specs, e.g. 'gaussian(sigma=0.02)', 'truncated(sigma=0.02, c=2)',
        'wstar(sigma=0.02, c=2.5, sparsity=0.5, outliers=0.001, outlier_scale=8)',
        'gennorm(beta=1.5, scale=0.02)', 'mixture(scale=lognormal(0, 0.5), by=row)'.
        Exit status: 0 success, 1 a claim failed, 2 bad input.
        """,
        version: WeightLabVersion.string,
        subcommands: [Sample.self, Analyze.self, Inspect.self, Simulate.self, Run.self, Merge.self, Plot.self, ScenarioCommand.self, Theory.self, Bench.self]
    )

    /// Runs the command and maps errors to the exit codes of the contract: 2 for bad input
    /// (usage, spec, shape, file errors), 1 for a failed claim, the error's own code otherwise.
    static func main() {
        GSLRuntime.prepare()
        LinearAlgebra.stopIdleBLASThreads()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                let text = fullMessage(for: error)
                if !text.isEmpty { print(text) }
                Foundation.exit(0)
            }
            // Bad input is one line naming the problem; ArgumentParser's help and usage lines
            // are left to `--help`.
            let line = (error as? InputError)?.message
                ?? (code == .validationFailure ? oneLine(message(for: error)) : fullMessage(for: error))
            if !line.isEmpty { Terminal.error(line) }
            if error is InputError || code == .validationFailure { Foundation.exit(2) }
            Foundation.exit(code.rawValue)
        }
    }

    /// ArgumentParser's message on one line: the bulleted list of allowed values it appends for
    /// an invalid enumeration value becomes a comma-separated list.
    static func oneLine(_ message: String) -> String {
        let lines = message.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard let first = lines.first else { return message }
        let rest = lines.dropFirst().map { $0.hasPrefix("- ") ? String($0.dropFirst(2)) : $0 }
        return rest.isEmpty ? first : first + " " + rest.joined(separator: ", ")
    }
}
