import Foundation
import ScenarioKit

extension ScenarioFigures {
    /// Excess kurtosis of ΔW against the LoRA rank r: Monte Carlo means with 95 % confidence
    /// intervals against the continuous curve 6/r, and Pearson kurtosis against 3 + 6/r:
    /// ```
    /// ΔW_ij = Σ_{k ≤ r} B_ik A_kj  →  excess kurtosis 6/r
    /// ```
    static func kurtosisRankFigure(_ report: ScenarioReport, subtitle: String) -> Figure? {
        let axis = caseAxis(report.cases)
        guard let variable = axis.name, ["r", "rank"].contains(variable), Set(axis.group).count == 1 else { return nil }
        let kurtosis = perCase(report, "excess_kurtosis")
        let idx = report.cases.indices.filter { kurtosis[report.cases[$0]] != nil && axis.x[$0] > 0 }.sorted { axis.x[$0] < axis.x[$1] }
        guard idx.count >= 2 else { return nil }
        let r = idx.map { axis.x[$0] }, rows = idx.map { kurtosis[report.cases[$0]]! }
        let half = rows.map(ci95)
        let lo = r.min()! / 1.25, hi = r.max()! * 1.25
        let curveR = (0...200).map { lo * pow(hi / lo, Double($0) / 200) }
        let n = rows.map(\.n).min() ?? 0
        func panel(pearson: Bool) -> Panel {
            let shift = pearson ? 3.0 : 0
            var series = [Series(pearson ? "3 + 6/r" : "6/r", style: .lines, columns: [curveR, curveR.map { shift + 6 / $0 }], look: .role(.theory)),
                          Series("measured: mean of \(n) with 95 % CI", style: .errorBars,
                                 columns: [r, rows.map { shift + $0.mean }, zip(rows, half).map { shift + $0.mean - ($1.isFinite ? $1 : 0) },
                                           zip(rows, half).map { shift + $0.mean + ($1.isFinite ? $1 : 0) }], look: .palette(0), options: "ps 1.1")]
            if pearson {
                series.append(Series("Gaussian (3)", style: .lines, columns: [[lo, hi], [3, 3]], look: .role(.reference)))
            }
            return Panel(title: pearson ? "Pearson kurtosis against rank" : "excess kurtosis against rank (log–log)",
                         xLabel: "LoRA rank r", yLabel: pearson ? "kurtosis β₂ of ΔW" : "excess kurtosis of ΔW", logX: true, logY: !pearson,
                         xRange: lo...hi, xTics: tics(r), series: series)
        }
        return Figure(name: "kurtosis_rank", title: "Kurtosis of a LoRA update ΔW = B·A against its rank", subtitle: subtitle,
                      panels: [panel(pearson: false), panel(pearson: true)], columns: 2, panelWidth: 600, panelHeight: 420)
    }

    /// The σ-gap study: loss gap against σ gap (Monte Carlo means with 95 % confidence intervals
    /// per case) beside the closed form (`SigmaGapStudy` in Simulation) at the same cases.
    static func sigmaGapFigure(_ report: ScenarioReport, subtitle: String) -> Figure? {
        let sg = perCase(report, "sigma_gap"), lg = perCase(report, "loss_gap")
        let sgT = perCase(report, "sigma_gap_theory"), lgT = perCase(report, "loss_gap_theory")
        let cases = report.cases.filter { sg[$0] != nil && lg[$0] != nil }
        guard cases.count >= 2 else { return nil }
        let ordered = cases.sorted { sg[$0]!.mean < sg[$1]!.mean }
        let half = ordered.map { ci95(lg[$0]!) }
        var series: [Series] = []
        let theory = ordered.filter { sgT[$0] != nil && lgT[$0] != nil }
        if !theory.isEmpty {
            series.append(Series("closed form", style: .linesPoints, columns: [theory.map { sgT[$0]!.mean }, theory.map { lgT[$0]!.mean }],
                                 look: .role(.theory)))
        }
        let n = ordered.map { lg[$0]!.n }.min() ?? 0
        series.append(Series("measured: mean of \(n) with 95 % CI", style: .errorBars,
                             columns: [ordered.map { sg[$0]!.mean }, ordered.map { lg[$0]!.mean },
                                       zip(ordered, half).map { lg[$0]!.mean - ($1.isFinite ? $1 : 0) },
                                       zip(ordered, half).map { lg[$0]!.mean + ($1.isFinite ? $1 : 0) }],
                             look: .palette(0), options: "ps 1.1"))
        let xs = ordered.map { sg[$0]!.mean }, ys = ordered.map { lg[$0]!.mean }
        let logs = (xs.min() ?? 0) > 0 && (ys.min() ?? 0) > 0 && xs.max()! / xs.min()! >= 10
        let panel = Panel(title: "cases: " + ordered.joined(separator: ", "), xLabel: "σ gap (student std − W* std)",
                          yLabel: "loss gap (teacher loss of the student)", logX: logs, logY: logs, series: series)
        return Figure(name: "sigma_gap", title: "Loss gap against σ gap", subtitle: subtitle, panels: [panel], panelWidth: 720, panelHeight: 480)
    }

    /// Merging methods compared: distance to W* and teacher loss against the number of tasks,
    /// Monte Carlo means with 95 % confidence intervals, the methods named in a shared legend.
    static func mergingFigure(_ report: ScenarioReport, subtitle: String) -> Figure? {
        let methods = ["average", "ties", "amplify", "base"].filter { !perCase(report, "\($0).distance").isEmpty }
        guard methods.count >= 2 else { return nil }
        let axis = caseAxis(report.cases)
        let order = report.cases.indices.sorted { axis.x[$0] < axis.x[$1] }
        let names = ["average": "plain average", "ties": "trim and sign-elect", "amplify": "amplify largest", "base": "pre-trained base (no task vector)"]
        let logX = axis.name != nil && (axis.x.min() ?? 0) > 0 && (axis.x.max() ?? 1) / (axis.x.min() ?? 1) >= 4
        var panels: [Panel] = []
        var used: [Int] = []
        for (quantity, label) in [("distance", "relative distance to W*"), ("teacher_loss", "teacher loss")] {
            var series: [Series] = []
            for (i, m) in methods.enumerated() {
                let values = perCase(report, "\(m).\(quantity)")
                let idx = order.filter { values[report.cases[$0]] != nil }
                guard !idx.isEmpty else { continue }
                let rows = idx.map { values[report.cases[$0]]! }, half = rows.map(ci95)
                series.append(Series(names[m] ?? m, style: idx.count > 1 ? .errorLines : .errorBars,
                                     columns: [idx.map { axis.x[$0] }, rows.map(\.mean), zip(rows, half).map { $0.mean - ($1.isFinite ? $1 : 0) },
                                               zip(rows, half).map { $0.mean + ($1.isFinite ? $1 : 0) }], look: .palette(i)))
                if !used.contains(i) { used.append(i) }
            }
            guard !series.isEmpty else { continue }
            let values = series.flatMap { $0.columns[1] }.filter { $0 > 0 }
            let logY = values.count == series.reduce(0) { $0 + $1.count } && (values.max() ?? 1) / max(values.min() ?? 1, 1e-300) >= 20
            panels.append(Panel(title: label, xLabel: axis.name.map { $0 == "tasks" ? "number of task vectors" : $0 } ?? "case",
                                yLabel: label, logX: logX, logY: logY, xRange: axis.name == nil ? nil : sweepRange(axis.x, log: logX),
                                xTics: axis.name == nil ? [] : tics(axis.x), series: series, key: .off))
        }
        guard !panels.isEmpty else { return nil }
        let legend = used.sorted().map { Series.legendEntry(names[methods[$0]] ?? methods[$0], style: .errorLines, look: .palette($0)) }
        return Figure(name: "merging", title: "Merging methods compared (means with 95 % CI)", subtitle: subtitle, panels: panels,
                      legend: legend, columns: panels.count, panelWidth: 600, panelHeight: 420)
    }

    /// Before and after the filters, case by case, from the report: Monte Carlo means (95 % CI) of
    /// the excess kurtosis and of the Lilliefors KS distance, unfiltered and after each filter.
    static func filtersFigure(_ report: ScenarioReport, subtitle: String) -> Figure? {
        let quantities: [(String, String, String)] = [
            ("excess_kurtosis", "ks.statistic", "all values"),
            ("filters.three_sigma.excess_kurtosis", "filters.three_sigma.ks.statistic", "after the 3σ filter"),
            ("filters.small_values.excess_kurtosis", "filters.small_values.ks.statistic", "after the small-value filter"),
        ]
        guard !perCase(report, quantities[1].0).isEmpty || !perCase(report, quantities[2].0).isEmpty else { return nil }
        let cases = report.cases.filter { perCase(report, quantities[1].0)[$0] != nil || perCase(report, quantities[2].0)[$0] != nil }
        let tics = cases.enumerated().map { Panel.Tic(Double($0 + 1), shorten($1, 28)) }
        var panels: [Panel] = []
        for (column, label, logY) in [(0, "excess kurtosis", false), (1, "Lilliefors KS distance D", true)] {
            var series: [Series] = []
            for (i, q) in quantities.enumerated() {
                let values = perCase(report, column == 0 ? q.0 : q.1)
                let idx = cases.indices.filter { values[cases[$0]] != nil }
                guard !idx.isEmpty else { continue }
                let rows = idx.map { values[cases[$0]]! }, half = rows.map(ci95)
                // Side by side within a case: −0.15, 0, +0.15.
                let x = idx.map { Double($0 + 1) + 0.15 * Double(i - 1) }
                series.append(Series(q.2, style: .errorBars,
                                     columns: [x, rows.map(\.mean), zip(rows, half).map { $0.mean - ($1.isFinite ? $1 : 0) },
                                               zip(rows, half).map { $0.mean + ($1.isFinite ? $1 : 0) }], look: .palette(i), options: "ps 1.2"))
            }
            if column == 0 {
                series.append(Series("Gaussian (0)", style: .lines, columns: [[0.5, Double(cases.count) + 0.5], [0, 0]], look: .role(.reference)))
            }
            panels.append(Panel(title: label + " before and after", xLabel: "case", yLabel: label, logY: logY,
                                xRange: 0.5...(Double(cases.count) + 0.5), xTics: tics, series: series, key: .off))
        }
        let legend = quantities.enumerated().map { Series.legendEntry($1.2, style: .errorBars, look: .palette($0), options: "ps 1.2") }
            + [Series.legendEntry("Gaussian", style: .lines, look: .role(.reference))]
        return Figure(name: "filters", title: "Before and after the 3σ and small-value filters (means with 95 % CI)", subtitle: subtitle,
                      panels: panels, legend: legend, columns: 2, panelWidth: 620, panelHeight: 420)
    }
}
