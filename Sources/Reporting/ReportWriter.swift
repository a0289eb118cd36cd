import Foundation
import MonteCarlo
import ScenarioKit
import TensorIO

/// Writes a scenario's report.json, report.md, replicates.csv and the verdict table.
package enum ReportWriter {
    package static func json(_ report: ScenarioReport) throws -> Data {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys]
        e.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try e.encode(report)
    }

    static func f(_ x: Double) -> String {
        if x.isNaN { return "nan" }
        return String(format: abs(x) >= 1e4 || (abs(x) < 1e-3 && x != 0) ? "%.3e" : "%.4f", x)
    }

    /// The verdict table: claim, case, measured value with CI, expected, verdict.
    package static func table(_ report: ScenarioReport, markdown: Bool = false) -> String {
        let header = ["claim", "case", "measured (95% CI)", "expected", "verdict", "note"]
        var rows: [[String]] = []
        for c in report.claims {
            let measured = c.ciLow.isFinite && c.ciHigh.isFinite && c.ciLow != c.ciHigh
                ? "\(f(c.value)) [\(f(c.ciLow)), \(f(c.ciHigh))]" : f(c.value)
            rows.append([c.claim, c.caseLabel, measured, c.expected, c.verdict.rawValue, c.note])
        }
        if markdown {
            var s = "| " + header.joined(separator: " | ") + " |\n|" + header.map { _ in " --- " }.joined(separator: "|") + "|\n"
            for r in rows { s += "| " + r.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |\n" }
            return s
        }
        let all = [header] + rows
        let widths = header.indices.map { i in min(60, all.map { $0[i].count }.max()!) }
        return all.enumerated().map { n, r in
            let line = r.enumerated().map { i, cell in
                let clipped = cell.count > widths[i] ? String(cell.prefix(widths[i] - 1)) + "…" : cell
                return clipped.padding(toLength: widths[i], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
            return n == 0 ? line + "\n" + widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ") : line
        }.joined(separator: "\n")
    }

    package static func markdown(_ report: ScenarioReport, figures: [String]) -> String {
        var s = "# \(report.scenario)\n\n\(report.description)\n\n"
        s += "Seed \(report.seed), generator \(report.generator), \(report.replicates) replicates, WeightLab \(report.weightlabVersion).\n\n"
        s += table(report, markdown: true) + "\n"
        let failed = report.claims.filter { $0.verdict == .fail }.count
        s += failed == 0 ? "Every claim holds.\n" : "\(failed) claim check\(failed == 1 ? "" : "s") failed.\n"
        if !figures.isEmpty {
            s += "\n## Figures\n\n" + figures.map { "![\($0)](figures/\($0).png)\n" }.joined(separator: "\n")
        }
        return s
    }

    /// One row per replicate and metric: replicate, case, tensor, quantity, value.
    package static func csv(_ results: [Int: Metrics<MetricKey>], cases: [String]) -> String {
        var s = "replicate,case,tensor,quantity,value\n"
        for r in results.keys.sorted() {
            let m = results[r]!
            for (k, v) in zip(m.names, m.values) {
                s += "\(r),\"\(cases[k.caseIndex])\",\(k.tensor),\(k.quantity),\(String(format: "%.10g", v))\n"
            }
        }
        return s
    }

    /// Writes report.json, report.md and replicates.csv into `directory`.
    package static func write(_ report: ScenarioReport, results: [Int: Metrics<MetricKey>], figures: [String], to directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try AtomicFile.write(try json(report), to: directory.appendingPathComponent("report.json"))
        try AtomicFile.write(Data(markdown(report, figures: figures).utf8), to: directory.appendingPathComponent("report.md"))
        try AtomicFile.write(Data(csv(results, cases: report.cases).utf8), to: directory.appendingPathComponent("replicates.csv"))
    }
}
