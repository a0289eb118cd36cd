import Analysis
import Foundation
import GSLKit

extension SampleFigures {
    /// Before and after the filters, tensor by tensor: histograms (log scale, σ units of the
    /// unfiltered values, per value before filtering so the removed mass shows) of all values,
    /// of those the 3σ filter keeps and of those the small-value filter keeps, with each set's
    /// excess kurtosis and KS distance from the analyzer's FilterComparison.
    static func filterHistograms(_ samples: [PlotSample], titles: [String], subtitle: String) -> Figure {
        let standardized = samples.map { standardize($0.tensor.values) }
        let reach = standardized.map { s in s.z.reduce(0) { max($0, abs($1)) } }.max() ?? 5
        let half = min(10, max(5, reach.rounded(.up)))
        var panels: [Panel] = []
        for (i, sample) in samples.enumerated() {
            let x = sample.tensor.values.map(Double.init).sorted()
            let s = standardized[i]
            let filters = x.withUnsafeBufferPointer { FilterComparison.run(sorted: $0, mean: s.mean, std: s.std) }
            let unfiltered = x.withUnsafeBufferPointer { p in
                try? NormalityTests.run(sorted: p, mean: s.mean, std: s.std, skewness: 0, excessKurtosis: 0).ks.statistic
            }
            let all = s.z
            let threeSigma = all.filter { abs($0) <= 3 }
            let small = x.filter { abs($0) > filters.smallThreshold }.map { ($0 - s.mean) / s.std }
            let bins = binCount(n: all.count, span: 2 * half)
            func hist(_ v: [Double]) -> (centres: [Double], density: [Double]) {
                let h = histogram(v, lo: -half, hi: half, bins: bins, total: all.count)
                return (h.centres, h.density.map { $0 > 0 ? $0 : .nan })
            }
            let (c, d0) = hist(all), d1 = stepOutline(centres: c, values: hist(threeSigma).density)
            let d2 = stepOutline(centres: c, values: hist(small).density)
            let curveX = stride(from: -half, through: half, by: half / 150).map { $0 }
            let series = [Series.bars("all values", centres: c, heights: d0, look: .palette(0)),
                          Series("kept by the 3σ filter", style: .lines, columns: [d1.x, d1.y], look: .palette(1), options: "lw 1.6"),
                          Series("kept by the small-value filter", style: .lines, columns: [d2.x, d2.y], look: .palette(2), options: "lw 1.6 dt 2"),
                          Series("normal", style: .lines, columns: [curveX, curveX.map(SpecialFunctions.normalPDF)], look: .role(.reference))]
            func line(_ name: String, kurtosis: Double?, d: Double?, kept: Double?) -> String {
                let k = kurtosis.map { String(format: "%.3g", $0) } ?? "–", ks = d.map { String(format: "%.3g", $0) } ?? "–"
                return "\(name)\(kept.map { String(format: " (%.1f %% kept)", 100 * $0) } ?? ""): κ = \(k), D = \(ks)"
            }
            let notes = [
                Panel.Note("excess kurtosis κ, KS distance D", x: 0.02, y: 0.94),
                Panel.Note(line("all", kurtosis: excessKurtosis(all), d: unfiltered, kept: nil), x: 0.02, y: 0.87),
                Panel.Note(line("3σ", kurtosis: filters.threeSigma?.excessKurtosis, d: filters.threeSigma?.ks.statistic, kept: filters.threeSigma?.keptFraction), x: 0.02, y: 0.80),
                Panel.Note(line("small-value", kurtosis: filters.smallValues?.excessKurtosis, d: filters.smallValues?.ks.statistic, kept: filters.smallValues?.keptFraction), x: 0.02, y: 0.73),
            ]
            panels.append(Panel(title: titles[i], xLabel: "(w − mean)/σ of all values", yLabel: "density (per value before filtering)", logY: true,
                                xRange: -half...half, series: series, notes: notes, key: .off))
        }
        let firstColumns = panels.flatMap { $0.series[0].columns[1] }.filter { $0 > 0 }
        let yRange = floorDecade(firstColumns)...((firstColumns.max() ?? 1) * 300)
        for i in panels.indices { panels[i].yRange = yRange }
        let legend = [Series.legendEntry("all values", style: .boxes, look: .palette(0)),
                      Series.legendEntry("kept by the 3σ filter (|w − mean| ≤ 3σ)", style: .lines, look: .palette(1), options: "lw 1.6"),
                      Series.legendEntry("kept by the small-value filter (|w| > 10⁻³σ)", style: .lines, look: .palette(2), options: "lw 1.6 dt 2"),
                      Series.legendEntry("normal", style: .lines, look: .role(.reference))]
        return Figure(name: "filters_histograms", title: "Before and after the 3σ and small-value filters",
                      subtitle: subtitle, panels: panels, legend: legend, columns: min(3, panels.count), panelWidth: 540, panelHeight: 400)
    }

    /// Excess kurtosis of values already in σ units: mean(z⁴) − 3 (population moment, as the
    /// analyzer's point estimate).
    static func excessKurtosis(_ z: [Double]) -> Double {
        z.reduce(0) { $0 + $1 * $1 * $1 * $1 } / Double(z.count) - 3
    }
}
