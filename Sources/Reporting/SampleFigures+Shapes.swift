import Foundation
import GSLKit

extension SampleFigures {
    /// The shapes of scale mixtures beside the i.i.d. Gaussian: every case's density in σ units
    /// overlaid, near the peak (linear) and in the tails (log); cases that differ only in how the
    /// scale is shared (by row or by element) have one colour, solid and dashed.
    static func shapesFigure(_ samples: [PlotSample], titles: [String], standardized: [Standardized], subtitle: String) -> Figure {
        // Colour by the case without its `by=` variable; dash by `by=`.
        let keys = samples.map { s -> (colour: String, by: String?) in
            let vars = ScenarioFigures.caseVariables(s.caseLabel ?? s.tensor.name)
            let by = vars.first { $0.name == "by" }?.value
            let rest = vars.filter { $0.name != "by" }.map { "\($0.name)=\($0.value)" }.joined(separator: ", ")
            return (rest.isEmpty ? (s.caseLabel ?? s.tensor.name) : rest, by)
        }
        var colours: [String] = []
        for k in keys where !colours.contains(k.colour) { colours.append(k.colour) }
        let bys = Array(Set(keys.compactMap(\.by))).sorted(by: >)
        func dash(_ by: String?) -> String { by.map { bys.firstIndex(of: $0) ?? 0 }.map { $0 == 0 ? "" : "dt \($0 + 1)" } ?? "" }
        var panels: [Panel] = []
        for logY in [false, true] {
            let half = logY ? 8.0 : 4.0
            var series: [Series] = []
            let curveX = stride(from: -half, through: half, by: half / 200).map { $0 }
            series.append(Series("i.i.d. Gaussian N(0, 1)", style: .lines, columns: [curveX, curveX.map(SpecialFunctions.normalPDF)], look: .role(.theory), options: "lw 3"))
            for (i, s) in standardized.enumerated() {
                // Wider bins in the tails, where counts are small.
                let (centres, density) = histogram(s.z, lo: -half, hi: half, bins: binCount(n: s.z.count, span: 2 * half) / (logY ? 3 : 1))
                series.append(Series(samples[i].caseLabel ?? samples[i].tensor.name, style: .lines, columns: [centres, logY ? density.map { $0 > 0 ? $0 : .nan } : density],
                                     look: .palette(colours.firstIndex(of: keys[i].colour) ?? 0), options: dash(keys[i].by) + " lw 1.6"))
            }
            panels.append(Panel(title: logY ? "tails (log scale)" : "near the peak", xLabel: "(w − mean)/σ", yLabel: "density",
                                logY: logY, xRange: -half...half, yRange: logY ? floorDecade(series.dropFirst().flatMap { $0.columns[1] })...2 : nil, series: series, key: .off))
        }
        var legend = [Series.legendEntry("i.i.d. Gaussian N(0, 1)", style: .lines, look: .role(.theory), options: "lw 3")]
        legend += colours.enumerated().map { Series.legendEntry($1, style: .lines, look: .palette($0), options: "lw 1.6") }
        legend += bys.map { Series.legendEntry("by=\($0)", style: .lines, look: .role(.reference), options: dash($0).isEmpty ? "dt 1" : dash($0)) }
        return Figure(name: "shapes", title: "Shapes of the mixtures beside the i.i.d. Gaussian (replicate 0 of each case)", subtitle: subtitle,
                      panels: panels, legend: legend, columns: 2, panelWidth: 640, panelHeight: 440)
    }
}
