import ArgumentParser
import Foundation
import MonteCarlo
import Reporting
import ScenarioKit
import TensorIO

/// `weightlab merge`: join shard folders into one report.
struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Join shards into one report: of a scenario run (`weightlab run --shard i/n`) or of an analysis (`weightlab analyze --shard i/n`).",
        discussion: """
        The merged report.json equals that of a single run with the same seed and replicates. For an analysis, give
        the parts' --json files (or their .checkpoint.jsonl files) and -o OUT.json: the merged report equals that of
        an unsharded `analyze` (summaries by depth and module recomputed).
        """
    )

    @Argument(help: "Shard output folders (OUTPUT/NAME of each shard run; shards may share one folder), or an analysis's part .json files.")
    var folders: [String]

    @Option(name: .shortAndLong, help: "Where the merged report goes (default: the first folder).")
    var output: String?

    @Option(help: ArgumentHelp(
        "The scenario file the shards ran (default: the copy in the first folder).",
        discussion: "Needed when the scenario names files by relative paths (pretrained_file): they resolve against the scenario file's folder, which the copy does not share."))
    var scenario: String?

    @Flag(help: "Skip the figures.")
    var noFigures = false

    func run() throws {
        if folders.allSatisfy({ $0.hasSuffix(".json") || $0.hasSuffix(".jsonl") }) { return try mergeAnalysis() }
        var checkpoints: [URL] = []
        for f in Set(folders).sorted() {
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: f)) ?? []).filter { $0.hasPrefix("checkpoint") && $0.hasSuffix(".jsonl") }
            checkpoints += names.sorted().map { URL(fileURLWithPath: f).appendingPathComponent($0) }
        }
        guard !checkpoints.isEmpty else { throw InputError("no checkpoint*.jsonl files in \(folders.joined(separator: ", "))") }
        let scenarioFile = scenario.map { URL(fileURLWithPath: $0) } ?? URL(fileURLWithPath: folders[0]).appendingPathComponent("scenario.yaml")
        let loaded: Scenario
        do { loaded = try ScenarioLoader.load(scenarioFile) } catch {
            let hint = scenario == nil ? " (a copy in the run folder: if the scenario names files by relative paths, give the original with --scenario FILE)" : ""
            throw InputError(error.description + hint)
        }
        let merged: (header: CheckpointFile.Header, results: [Int: Metrics])
        do { merged = try MonteCarloRunner.merge(checkpoints) } catch { throw InputError(error.description) }
        var s = loaded
        s.seed = merged.header.seed
        let runner = ScenarioRunner(scenario: s, replicates: merged.header.replicates, threads: ProcessInfo.processInfo.activeProcessorCount,
                                    version: WeightLabVersion.string)
        guard runner.key == merged.header.key else {
            throw InputError("\(scenarioFile.path) is not the scenario the shards ran (its fingerprint differs)")
        }
        let directory = URL(fileURLWithPath: output ?? folders[0])
        let report = runner.report(results: merged.results, seconds: nil)
        // merge rewrites the report it joins, figures included.
        let figures = noFigures ? [] : try FigureOutput.scenario(runner: runner, report: report, yaml: try? String(contentsOf: scenarioFile, encoding: .utf8),
                                                                  directory: directory, overwrite: true)
        try ReportWriter.write(report, results: merged.results, figures: figures, to: directory)
        print(ReportWriter.table(report))
        if !report.passed { throw ExitCode(1) }
    }
}
