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
        subcommands: [Sample.self, Analyze.self, Simulate.self, Run.self, Merge.self, Plot.self, ScenarioCommand.self, Theory.self, Bench.self]
    )

    /// Runs the command and maps errors to the exit codes of the contract: 2 for bad input
    /// (usage, spec, shape, file errors), 1 for a failed claim, the error's own code otherwise.
    static func main() {
        GSLRuntime.prepare()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            let message = (error as? InputError)?.message ?? fullMessage(for: error)
            if code == .success {
                if !message.isEmpty { print(message) }
                Foundation.exit(0)
            }
            if !message.isEmpty { Terminal.error(message) }
            if error is InputError || code == .validationFailure { Foundation.exit(2) }
            Foundation.exit(code.rawValue)
        }
    }
}
