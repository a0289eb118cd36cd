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

    @Argument(help: "Shard output folders (OUTPUT/NAME of each shard run, or the OUTPUT folders themselves: every scenario inside is merged; shards may share one folder), or an analysis's part .json files.")
    var folders: [String]

    @Option(name: .shortAndLong, help: "Where the merged report goes (default: the first folder).")
    var output: String?

    @Option(help: ArgumentHelp(
        "The scenario file the shards ran (default: the copy in the first folder).",
        discussion: "Needed when the scenario names files by relative paths (pretrained_file): they resolve against the scenario file's folder, which the copy does not share."))
    var scenario: String?

    @Flag(help: "Skip the figures.")
    var noFigures = false

    @OptionGroup var threadsOption: ThreadsOption
    @OptionGroup var quietFlag: QuietFlag

    var quiet: Bool { quietFlag.quiet }

    func run() throws {
        if folders.allSatisfy({ $0.hasSuffix(".json") || $0.hasSuffix(".jsonl") }) { return try mergeAnalysis() }
        let direct = Self.checkpoints(in: folders)
        if !direct.isEmpty {
            if try !mergeScenario(checkpoints: direct, folders: folders) { throw ExitCode(1) }
            return
        }
        // The folders given to `run --output`: each scenario folder inside them merges on its own.
        let groups = Self.scenarioFolders(inside: folders)
        guard !groups.isEmpty else {
            throw InputError("no checkpoint*.jsonl files in \(folders.joined(separator: ", ")), nor in scenario folders inside it")
        }
        guard output == nil || groups.count == 1 else {
            throw InputError("-o names one folder, but \(folders.joined(separator: ", ")) holds \(groups.count) scenarios (\(groups.map(\.name).joined(separator: ", "))); leave -o out to merge each in place")
        }
        var passed = true
        for group in groups {
            if !quiet { print("\n== \(group.name)") }
            passed = try mergeScenario(checkpoints: Self.checkpoints(in: group.folders), folders: group.folders) && passed
        }
        if !passed { throw ExitCode(1) }
    }

    /// The `checkpoint*.jsonl` files directly inside `folders`, by folder then name.
    static func checkpoints(in folders: [String]) -> [URL] {
        Set(folders).sorted().flatMap { f in
            ((try? FileManager.default.contentsOfDirectory(atPath: f)) ?? []).filter { $0.hasPrefix("checkpoint") && $0.hasSuffix(".jsonl") }
                .sorted().map { URL(fileURLWithPath: f).appendingPathComponent($0) }
        }
    }

    /// The scenario folders (holding `scenario.yaml` and checkpoints) inside `folders`, grouped by
    /// name: shards run into separate output folders share their scenario folder's name.
    static func scenarioFolders(inside folders: [String]) -> [(name: String, folders: [String])] {
        var groups: [String: [String]] = [:]
        for f in Set(folders).sorted() {
            for name in ((try? FileManager.default.contentsOfDirectory(atPath: f)) ?? []).sorted() {
                let sub = URL(fileURLWithPath: f).appendingPathComponent(name).path
                guard FileManager.default.fileExists(atPath: sub + "/scenario.yaml"), !checkpoints(in: [sub]).isEmpty else { continue }
                groups[name, default: []].append(sub)
            }
        }
        return groups.keys.sorted().map { ($0, groups[$0]!) }
    }

    /// Merges one scenario's shard checkpoints into the report of `folders[0]` (or -o); whether
    /// every claim holds.
    private func mergeScenario(checkpoints: [URL], folders: [String]) throws -> Bool {
        let scenarioFile = scenario.map { URL(fileURLWithPath: $0) } ?? URL(fileURLWithPath: folders[0]).appendingPathComponent("scenario.yaml")
        let loaded: Scenario
        do { loaded = try ScenarioLoader.load(scenarioFile) } catch {
            let hint = scenario == nil ? " (a copy in the run folder: if the scenario names files by relative paths, give the original with --scenario FILE)" : ""
            throw InputError(error.description + hint)
        }
        let merged: (header: CheckpointFile.Header, results: [Int: Metrics<MetricKey>])
        do { merged = try MonteCarloRunner.merge(checkpoints, names: MetricKey.self) } catch { throw InputError(error) }
        var s = loaded
        s.seed = merged.header.seed
        let runner = ScenarioRunner(scenario: s, replicates: merged.header.replicates, threads: threadsOption.threads,
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
        return report.passed
    }
}
