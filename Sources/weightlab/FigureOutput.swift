import Foundation
import Reporting
import ScenarioKit

/// Writes figures into a folder for the commands that draw them (`run`, `merge`, `analyze
/// --plots`, `plot`). A figure that cannot be written or rendered is an error naming the file
/// (exit 2, nothing partial left); an existing figure is kept unless `overwrite`; a missing gnuplot
/// is a warning with the command that renders the figures.
enum FigureOutput {
    /// - Returns: the names of the figures written.
    static func write(_ figures: [Figure], to directory: URL, overwrite: Bool) throws -> [String] {
        let batch: FigureWriter.Batch
        do { batch = try FigureWriter(overwrite: overwrite).write(figures, to: directory) } catch {
            throw InputError(error)
        }
        if let why = batch.notRendered { Terminal.warning(why) }
        return figures.map(\.name)
    }

    /// Regenerates replicate 0 of each case and draws the scenario's figures into
    /// `directory/figures`: one tensor per case — the deepest transformation ΔW (`…delta`) when
    /// there is one, else the first — or, for a single-case experiment, a spread of depths.
    /// `yaml` is the scenario file's text: its experiment section is the spec in the subtitles.
    static func scenario(runner: ScenarioRunner, report: ScenarioReport, yaml: String?, directory: URL, overwrite: Bool) throws -> [String] {
        var samples: [PlotSample] = []
        for (c, scenarioCase) in runner.scenario.cases.enumerated() where samples.count < 9 {
            let tensors = try runner.tensors(caseIndex: c, replicate: 0)
            let deltas = tensors.filter { $0.name.hasSuffix("delta") }
            let picked = runner.scenario.cases.count == 1 && tensors.count > 3
                ? stride(from: 0, to: tensors.count, by: max(1, tensors.count / 6)).map { tensors[$0] }
                : [deltas.max { ($0.depth ?? 0) < ($1.depth ?? 0) } ?? tensors.first].compactMap { $0 }
            for t in picked where samples.count < 9 { samples.append(PlotSample(caseLabel: scenarioCase.label, tensor: try t.materialized())) }
        }
        let figures = ScenarioFigures.make(report, samples: samples, spec: yaml.flatMap { ScenarioFigures.spec(fromYAML: $0, cases: runner.scenario.cases) })
        return try write(figures, to: directory.appendingPathComponent("figures"), overwrite: overwrite)
    }
}
