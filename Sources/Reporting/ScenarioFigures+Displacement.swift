import Foundation
import ScenarioKit

extension ScenarioFigures {
    /// Shape against displacement, for LLaMA `train:` runs with several cases: the Monte Carlo
    /// mean over the `…pretrained` matrices of W₁ from a Gaussian (σ units) and of the excess
    /// kurtosis, against the mean displacement ‖P − W₀‖/‖W₀‖ of the case. Cases are grouped by
    /// every case variable but the last (e.g. the initialisation), each group one series through
    /// its values of the last variable (e.g. the learning-rate regime), ordered by displacement;
    /// the group's initial matrices are an open point at the left edge.
    ///
    /// ```
    /// x = displacement.pretrain (case mean),  y = mean over matrices of the per-matrix case mean
    /// ```
    static func displacementFigure(_ report: ScenarioReport, subtitle: String) -> Figure? {
        let shift = perCase(report, "displacement.pretrain")
        let cases = report.cases.filter { shift[$0] != nil && shift[$0]!.mean > 0 }
        guard cases.count >= 2 else { return nil }
        func matrixMean(_ c: String, _ role: String, _ q: String) -> Double? {
            let v = report.summaries.filter { $0.caseLabel == c && $0.tensor.hasSuffix("." + role) && $0.quantity == q }.map(\.mean)
            return v.isEmpty ? nil : v.reduce(0, +) / Double(v.count)
        }
        var groups: [(name: String, cases: [String])] = []
        for c in cases {
            let vars = caseVariables(c)
            let name = vars.count > 1 ? vars.dropLast().map(\.value).joined(separator: ", ") : "all cases"
            if let i = groups.firstIndex(where: { $0.name == name }) { groups[i].cases.append(c) } else { groups.append((name, [c])) }
        }
        let xs = cases.map { shift[$0]!.mean }
        let left = xs.min()! / 3
        var panels: [Panel] = []
        for (q, label) in [("normality.wasserstein_1", "W₁ from a Gaussian (σ units)"), ("excess_kurtosis", "excess kurtosis")] {
            var series: [Series] = []
            for (i, g) in groups.enumerated() {
                let ordered = g.cases.sorted { shift[$0]!.mean < shift[$1]!.mean }.filter { matrixMean($0, "pretrained", q) != nil }
                guard !ordered.isEmpty else { continue }
                series.append(Series(g.name, style: .linesPoints, columns: [ordered.map { shift[$0]!.mean }, ordered.map { matrixMean($0, "pretrained", q)! }],
                                     look: .palette(i), options: "ps 1.1"))
                if let start = matrixMean(ordered[0], "init", q) {
                    series.append(Series("\(g.name): initial", style: .points, columns: [[left], [start]], look: .palette(i), options: "pt 6 ps 1.3", inKey: false))
                }
            }
            guard !series.isEmpty else { continue }
            panels.append(Panel(title: "\(label) of the pretrained matrices (open points: at initialisation)",
                                xLabel: "displacement ‖P − W₀‖/‖W₀‖ (mean over matrices)", yLabel: label, logX: xs.max()! / xs.min()! >= 10, series: series))
        }
        guard !panels.isEmpty else { return nil }
        return Figure(name: "displacement", title: "Shape of pretrained matrices against how far training moved them", subtitle: subtitle,
                      panels: panels, columns: 1, panelWidth: 760, panelHeight: 420)
    }
}
