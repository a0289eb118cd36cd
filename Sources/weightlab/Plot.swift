import ArgumentParser
import Foundation
import Reporting
import ScenarioKit

/// `weightlab plot REPORT.json --output DIR`: the figures a report holds the numbers for.
struct Plot: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Draw the figures of a report.json (from `run`) or an analysis JSON (from `analyze --json`).",
        discussion: """
        From a scenario report: the claims figure (measured with CI against expected), std against
        depth, kurtosis against LoRA rank, the σ-gap, merging and filters studies, and the
        Cullen–Frey plane of the tensors' mean skewness and kurtosis; the spec in the subtitles
        comes from the scenario.yaml beside the report. From an analysis JSON: the Cullen–Frey
        plane, depth profiles by module and the filters figure. Figures that need the weights
        themselves (histograms, Q–Q, Weibull, spectra) come from `weightlab run` and
        `weightlab analyze --plots DIR`. Each figure is written as NAME.dat and NAME.gp (which
        loads templates/style.gp) next to NAME.png and NAME.svg, rendered with gnuplot when it is
        installed. Existing figures are kept unless --force is given.
        Example:
          weightlab plot results/drift-depth/report.json --output figures/
        """
    )

    @Argument(help: "A report.json written by `weightlab run` or a JSON file written by `weightlab analyze --json`.")
    var report: String

    @Option(name: .shortAndLong, help: "Folder for the figures (created if missing).")
    var output: String

    @Flag(help: "Also render PDF.")
    var pdf = false

    @OptionGroup var forceFlag: ForceFlag
    @OptionGroup var quietFlag: QuietFlag

    var force: Bool { forceFlag.force }
    var quiet: Bool { quietFlag.quiet }

    func run() throws {
        let url = URL(fileURLWithPath: report)
        guard let data = FileManager.default.contents(atPath: url.path) else { throw InputError("\(report): cannot read the file") }
        var figures = try Self.figures(from: data, file: report)
        if pdf { for i in figures.indices { figures[i].pdf = true } }
        let directory = URL(fileURLWithPath: output, isDirectory: true)
        let written = try FigureOutput.write(figures, to: directory, overwrite: force)
        if !quiet {
            for name in written { print(directory.appendingPathComponent(name + ".png").path) }
        }
    }

    /// The figures a report's JSON supports, by its kind (scenario report or analysis).
    static func figures(from data: Data, file: String) throws -> [Figure] {
        let object: Any
        do { object = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) } catch {
            throw InputError("\(file): not valid JSON (\(error.localizedDescription))")
        }
        guard let top = object as? [String: Any] else { throw InputError("\(file): expected a JSON object at the top level") }
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        if top["claims"] != nil {
            let report: ScenarioReport
            do { report = try decoder.decode(ScenarioReport.self, from: data) } catch {
                throw InputError("\(file): not a scenario report: \(DecodingMessage.describe(error))")
            }
            // The spec comes from the scenario.yaml that `run` writes beside the report, when it is there.
            let yamlFile = URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent("scenario.yaml")
            let spec = (try? String(contentsOf: yamlFile, encoding: .utf8)).flatMap { text in
                ScenarioFigures.spec(fromYAML: text, cases: (try? ScenarioLoader.load(yamlFile))?.cases ?? [])
            }
            return ScenarioFigures.make(report, spec: spec)
        }
        if top["tensors"] != nil {
            let document: AnalysisDocument
            do { document = try decoder.decode(AnalysisDocument.self, from: data) } catch {
                throw InputError("\(file): not an analysis report: \(DecodingMessage.describe(error))")
            }
            return AnalysisFigures.make(document.tensors, subtitle: document.subtitle)
        }
        throw InputError("\(file): neither a scenario report (no 'claims') nor an analysis report (no 'tensors')")
    }
}
