import ArgumentParser
import Dispatch
import Foundation
import MonteCarlo
import Reporting
import ScenarioKit
import TensorIO

/// `weightlab run`: Monte Carlo scenarios with a verdict table.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run Monte Carlo scenarios and print their verdict table.",
        discussion: """
        Each scenario writes OUTPUT/NAME/{report.json, report.md, replicates.csv, checkpoint.jsonl,
        scenario.yaml, figures/}. Replicates run in parallel with per-replicate seed streams, so the
        report does not depend on --threads; a run stopped by Ctrl-C (or killed) continues with
        --resume. --shard i/n runs replicates with index mod n = i (0-based, e.g. a Slurm array
        index); `weightlab merge` joins the shard folders. On a terminal a progress bar (replicates
        per second, ETA) is drawn on stderr; in a log, one progress line a minute.
        Exit status: 0 every claim holds, 1 a claim failed, 2 bad input, 130 interrupted.
        """
    )

    @Argument(help: "Scenario files or folders of them (*.yaml).")
    var scenarios: [String]

    @Option(name: .shortAndLong, help: "Output folder; each scenario gets a subfolder.")
    var output: String = "results"

    @Option(help: "Replicates (default: the scenario's).")
    var replicates: Int?

    @Flag(help: "Use the scenario's quick_replicates.")
    var quick = false

    @Option(help: "Run only shard i of n (0-based), e.g. 3/8.")
    var shard: String?

    @Flag(help: "Continue from the checkpoint of an interrupted run.")
    var resume = false

    @OptionGroup var forceFlag: ForceFlag
    @OptionGroup var seedOption: SeedOption
    @OptionGroup var threadsOption: ThreadsOption

    @Option(help: "Checkpoint to analyse for checkpoint scenarios (e.g. Scenarios/real-checkpoint.yaml).")
    var input: String?

    @Flag(help: "Skip the figures.")
    var noFigures = false

    @OptionGroup var quietFlag: QuietFlag

    var force: Bool { forceFlag.force }
    var seed: UInt64? { seedOption.seed }
    var threads: Int { threadsOption.threads }
    var quiet: Bool { quietFlag.quiet }

    func validate() throws {
        if let replicates, replicates < 1 { throw ValidationError("--replicates must be at least 1") }
        if let shard { do { _ = try Shard.parse(shard) } catch { throw ValidationError(error.description) } }
        if resume && force { throw ValidationError("--resume and --force contradict each other") }
    }

    /// Loads and validates every scenario and its runner first: bad input stops before any
    /// replicate runs or any file is written.
    private func prepare() throws -> (loaded: [(URL, String, Scenario)], runners: [ScenarioRunner]) {
        let files = try ScenarioFiles.expandMarkingFolders(scenarios)
        var loaded: [(URL, String, Scenario)] = []
        for (f, fromFolder) in files {
            do {
                var s = try ScenarioLoader.load(f)
                // A folder run passes over the checkpoint scenarios it has no --input for, and says so;
                // a scenario named on its own still needs one (checked below).
                if case .checkpoint = s.experiment, input == nil, fromFolder {
                    Terminal.warning("skipped \(f.path): it analyses a checkpoint; run it with --input FILE")
                    continue
                }
                if let seed { s.seed = seed }
                let text = try String(contentsOf: f, encoding: .utf8)
                loaded.append((f, text, s))
            } catch let e as ScenarioError { throw InputError(e) }
        }
        let checkpointInput: Checkpoint?
        do { checkpointInput = try input.map { try Checkpoint(url: URL(fileURLWithPath: $0)) } } catch { throw InputError("--input: \(error)") }
        let shardValue = try shard.map { try Shard.parse($0) }
        var runners: [ScenarioRunner] = []
        for (_, _, s) in loaded {
            var r = ScenarioRunner(scenario: s, replicates: replicates, quick: quick, threads: threads, shard: shardValue,
                                   resume: resume, overwrite: force, input: checkpointInput, version: WeightLabVersion.string)
            if case .checkpoint = s.experiment, checkpointInput == nil {
                throw InputError("\(s.file): this scenario analyses a checkpoint; give it with --input FILE")
            }
            do { try r.validate() } catch { throw InputError(error) }
            r.monteCarlo.checkpoint = URL(fileURLWithPath: output).appendingPathComponent(s.name)
                .appendingPathComponent(shardValue.map { "checkpoint-shard-\($0.index)-of-\($0.count).jsonl" } ?? "checkpoint.jsonl")
            // A checkpoint that would be overwritten, or that belongs to another run, stops
            // everything before any file is written.
            do { try r.checkCheckpoint() } catch { throw InputError(error) }
            runners.append(r)
        }
        return (loaded, runners)
    }

    func run() throws {
        let (loaded, runners) = try prepare()
        let shardValue = try shard.map { try Shard.parse($0) }
        let cancellation = CancellationFlag()
        let signals = SignalWatcher(cancellation: cancellation)
        defer { signals.stop() }
        var anyFailed = false
        for (i, runner) in runners.enumerated() {
            let (_, text, scenario) = loaded[i]
            let directory = URL(fileURLWithPath: output).appendingPathComponent(scenario.name)
            if !quiet { print("\n== \(scenario.name) (\(runner.monteCarlo.replicates) replicates, \(scenario.cases.count) case\(scenario.cases.count == 1 ? "" : "s"))") }
            let started = Date()
            let outcome: ScenarioRunner.Outcome
            let bar = ProgressBar(label: scenario.name, quiet: quiet)
            defer { bar.finish() }
            do {
                // The copy of the scenario (which `merge` reads) is written atomically, and only
                // after the checkpoint checks above have passed for every scenario.
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                try AtomicFile.write(Data(text.utf8), to: directory.appendingPathComponent("scenario.yaml"))
                bar.begin()
                outcome = try runner.run(cancellation: cancellation) { bar.update($0) }
            } catch let e as MonteCarloError {
                throw InputError(e)
            } catch let e as TensorIOError {
                throw InputError(e)
            }
            bar.finish()
            if outcome.cancelled {
                var command = CommandLine.arguments
                if !command.contains("--resume") { command.append("--resume") }
                command.removeAll { $0 == "--force" }
                Terminal.error("interrupted: \(outcome.results.count) of \(outcome.owned) replicates of \(scenario.name) are saved in "
                               + "\(runner.monteCarlo.checkpoint!.path); resume with: \(command.joined(separator: " "))")
                throw ExitCode(130)
            }
            if let shardValue {
                if !quiet { print("shard \(shardValue) of \(scenario.name): \(outcome.results.count) replicates in \(runner.monteCarlo.checkpoint!.path); join the shard folders with `weightlab merge`") }
                continue
            }
            let report = runner.report(results: outcome.results, seconds: Date().timeIntervalSince(started))
            // A figure that cannot be drawn (full disk, gnuplot failing) must not cost the report:
            // the report is written with the figures that were drawn, then the error is raised.
            var figures: [String] = []
            var figureError: (any Error)?
            if !noFigures {
                do {
                    figures = try FigureOutput.scenario(runner: runner, report: report, yaml: text, directory: directory, overwrite: force || resume)
                } catch { figureError = error }
            }
            try ReportWriter.write(report, results: outcome.results, figures: figures, to: directory)
            print(ReportWriter.table(report))
            if !quiet { print("report: \(directory.appendingPathComponent("report.md").path) (\(String(format: "%.1f", Date().timeIntervalSince(started))) s)") }
            if let figureError { throw figureError }
            if !report.passed { anyFailed = true }
        }
        if anyFailed { throw ExitCode(1) }
    }
}
