import Analysis
import Foundation
import GSLKit
import ScenarioKit

/// The figures of an analysis (`weightlab analyze --plots`, `weightlab plot analysis.json`): the
/// Cullen–Frey plane, depth profiles and the filters from the per-tensor reports, and — when the
/// tensors' values are at hand — histograms, Q–Q plots, spectra, the filters' histograms and
/// Weibull probability plots.
package enum AnalysisFigures {
    /// Every figure that applies. `samples` are tensors whose values are available (at most nine
    /// are drawn); without them only the report-derived figures are made.
    package static func make(_ reports: [TensorReport], samples: [GeneratedTensor] = [], subtitle: String) -> [Figure] {
        var figures: [Figure] = []
        if let f = cullenFrey(points: reports.map { ($0.name, $0.skewness, $0.excessKurtosis) }, subtitle: subtitle) { figures.append(f) }
        if let f = depthProfiles(reports, subtitle: subtitle) { figures.append(f) }
        if let f = filters(reports, subtitle: subtitle) { figures.append(f) }
        if let f = heavyTailESD(reports, subtitle: subtitle) { figures.append(f) }
        if let f = alphaByDepth(reports, subtitle: subtitle) { figures.append(f) }
        let withFilters = Set(reports.filter { $0.filters != nil }.map(\.name))
        let plottable = samples.map { PlotSample(tensor: $0) }
        figures += SampleFigures.make(plottable, subtitle: subtitle, shapes: false,
                                      filters: samples.contains { withFilters.contains($0.name) }, weibull: true)
        return figures
    }

    // MARK: Cullen–Frey

    /// Pearson kurtosis β₂ = excess + 3 of the generalised Gaussian with shape β:
    /// β₂ = Γ(5/β)·Γ(1/β) / Γ(3/β)².
    static func gennormKurtosis(_ beta: Double) -> Double {
        exp(SpecialFunctions.lnGamma(5 / beta) + SpecialFunctions.lnGamma(1 / beta) - 2 * SpecialFunctions.lnGamma(3 / beta))
    }

    /// The skewness–kurtosis (Cullen–Frey) plane: x = skewness², y = Pearson kurtosis β₂, every
    /// tensor a point, beside the reference laws: normal (0, 3), uniform (0, 1.8), logistic
    /// (0, 4.2), Laplace (0, 6); the generalised Gaussian (β from 10 to 0.6) and Student-t
    /// (ν from 50 to 5, β₂ = 3 + 6/(ν − 4)) along x = 0; the gamma line β₂ = 3 + 1.5·skew²; and the
    /// log-normal curve skew = (e^{s²} + 2)·√(e^{s²} − 1), β₂ = e^{4s²} + 2e^{3s²} + 3e^{2s²} − 3.
    /// The axes cover the tensors and the reference points (0 ≤ skew² ≤ 1.25·max, β₂ from 1.5
    /// to above the largest), on a log scale when β₂ spans more than 40.
    package static func cullenFrey(points: [(name: String, skewness: Double, excessKurtosis: Double)], subtitle: String) -> Figure? {
        let finite = points.filter { $0.skewness.isFinite && $0.excessKurtosis.isFinite }
        guard !finite.isEmpty else { return nil }
        let xs = finite.map { $0.skewness * $0.skewness }, ys = finite.map { $0.excessKurtosis + 3 }
        let xMax = max(0.02, (xs.max() ?? 0) * 1.25)
        let yMax = max(7.0, (ys.max() ?? 7) * 1.12)
        let logY = yMax > 40
        let yMin = min(1.5, (ys.min() ?? 1.5) * 0.92)
        let betas = [10, 5, 3, 2, 1.5, 1, 0.8, 0.6]
        let nus = [50.0, 20, 10, 8, 6, 5]
        let gammaX = (0...100).map { xMax * Double($0) / 100 }
        var lnX: [Double] = [], lnY: [Double] = []
        for s in stride(from: 0.002, through: 1.5, by: 0.002) {
            let w = exp(s * s)
            let skew = (w + 2) * (w - 1).squareRoot()
            guard skew * skew <= xMax * 1.05 else { break }
            lnX.append(skew * skew)
            lnY.append(w * w * w * w + 2 * w * w * w + 3 * w * w - 3)
        }
        let series = [
            Series("gamma", style: .lines, columns: [gammaX, gammaX.map { 3 + 1.5 * $0 }], look: .palette(3), options: "dt 2 lw 1.5"),
            Series("log-normal", style: .lines, columns: [lnX, lnY], look: .palette(5), options: "dt 3 lw 1.5"),
            Series("generalised Gaussian", style: .linesPoints, columns: [betas.map { _ in 0 }, betas.map(gennormKurtosis)], look: .palette(2), options: "lw 1 ps 1"),
            Series("Student-t", style: .points, columns: [nus.map { _ in 0 }, nus.map { 3 + 6 / ($0 - 4) }], look: .palette(4), options: "ps 1.2"),
            Series("normal", style: .points, columns: [[0], [3]], look: .palette(1), options: "ps 2"),
            Series("uniform", style: .points, columns: [[0], [1.8]], look: .palette(6), options: "ps 2"),
            Series("logistic", style: .points, columns: [[0], [4.2]], look: .palette(7), options: "ps 2"),
            Series("Laplace", style: .points, columns: [[0], [6]], look: .palette(5), options: "ps 2 pt 5"),
        ]
        // The tensors are drawn last, over the reference points.
        let tensors = Series("tensors", style: .points, columns: [xs, ys], look: .palette(0), options: "ps 1")
        let panel = Panel(title: "\(finite.count) tensor\(finite.count == 1 ? "" : "s")", xLabel: "skewness²",
                          yLabel: "Pearson kurtosis β₂ (normal = 3)", logY: logY, xRange: (-0.04 * xMax)...xMax,
                          yRange: yMin...yMax, series: series + [tensors], key: .off)
        let legend = [
            Series.legendEntry("tensors", style: .points, look: .palette(0)),
            Series.legendEntry("normal (0, 3)", style: .points, look: .palette(1), options: "ps 2"),
            Series.legendEntry("uniform (0, 1.8)", style: .points, look: .palette(6), options: "ps 2"),
            Series.legendEntry("logistic (0, 4.2)", style: .points, look: .palette(7), options: "ps 2"),
            Series.legendEntry("Laplace (0, 6)", style: .points, look: .palette(5), options: "ps 2 pt 5"),
            Series.legendEntry("generalised Gaussian, β = 10 … 0.6", style: .linesPoints, look: .palette(2), options: "lw 1 ps 1"),
            Series.legendEntry("Student-t, ν = 50 … 5", style: .points, look: .palette(4), options: "ps 1.2"),
            Series.legendEntry("gamma", style: .lines, look: .palette(3), options: "dt 2 lw 1.5"),
            Series.legendEntry("log-normal", style: .lines, look: .palette(5), options: "dt 3 lw 1.5"),
        ]
        return Figure(name: "cullen_frey", title: "Skewness–kurtosis (Cullen–Frey) plane", subtitle: subtitle, panels: [panel],
                      legend: legend, panelWidth: 820, panelHeight: 560)
    }

    // MARK: Depth

    /// std, excess kurtosis, generalised-Gaussian β and Weibull k against layer index, one line per
    /// module kind (named in a shared legend when there are several).
    static func depthProfiles(_ reports: [TensorReport], subtitle: String) -> Figure? {
        let withDepth = reports.filter { $0.depth != nil }
        guard Set(withDepth.compactMap(\.depth)).count >= 2 else { return nil }
        let modules = Array(Set(withDepth.map(\.module.rawValue))).sorted()
        // Kurtoses spanning decades (real checkpoints reach 10³) are drawn as the Pearson
        // kurtosis β₂ = excess + 3 ≥ 1 on a log scale, where the near-Gaussian ones stay visible.
        let pearson = (withDepth.map(\.excessKurtosis).filter(\.isFinite).max() ?? 0) > 100
        let kurtosisLabel = pearson ? "Pearson kurtosis β₂ (log scale)" : "excess kurtosis"
        let quantities: [(String, (TensorReport) -> Double?)] = [
            ("std", { $0.std }), (kurtosisLabel, { pearson ? $0.excessKurtosis + 3 : $0.excessKurtosis }),
            ("generalised-Gaussian β (ML)", { $0.gennormBeta }), ("Weibull k of |w|", { $0.weibullK }),
        ]
        // The values of Gaussian weights, drawn for reference.
        let gaussian = [kurtosisLabel: pearson ? 3.0 : 0.0, "generalised-Gaussian β (ML)": 2, "Weibull k of |w|": 1.205]
        var panels: [Panel] = []
        for (label, value) in quantities {
            var series: [Series] = []
            for (i, m) in modules.enumerated() {
                let rows = withDepth.filter { $0.module.rawValue == m }.compactMap { r in value(r).map { (Double(r.depth!), $0) } }
                    .filter { $0.1.isFinite }.sorted { $0.0 < $1.0 }
                guard !rows.isEmpty else { continue }
                series.append(Series(m, style: .linesPoints, columns: [rows.map(\.0), rows.map(\.1)], look: .palette(i)))
            }
            guard !series.isEmpty else { continue }
            let depths = withDepth.compactMap(\.depth).map(Double.init)
            if let g = gaussian[label] {
                series.insert(Series("Gaussian value", style: .lines, columns: [[depths.min()!, depths.max()!], [g, g]], look: .role(.reference)), at: 0)
            }
            let ys = series.flatMap { $0.columns[1] }.filter { $0 > 0 }
            let logY = (label == "std" || label == kurtosisLabel && pearson) && ys.count == series.reduce(0) { $0 + $1.count } && (ys.max() ?? 1) / max(ys.min() ?? 1, 1e-300) >= 10
            panels.append(Panel(title: label + (modules.count == 1 ? " (every tensor)" : ""), xLabel: "layer index", yLabel: label, logY: logY,
                                xTics: ScenarioFigures.tics(depths), series: series, key: .off))
        }
        guard !panels.isEmpty else { return nil }
        let legend = (modules.count > 1 ? modules.enumerated().map { Series.legendEntry($1, style: .linesPoints, look: .palette($0)) } : [])
            + [Series.legendEntry("Gaussian value (\(pearson ? "β₂ = 3" : "excess kurtosis 0"), β = 2, k = 1.205)", style: .lines, look: .role(.reference))]
        return Figure(name: "depth_profiles", title: "Distribution shape across depth" + (modules.count > 1 ? ", by module" : ""),
                      subtitle: subtitle, panels: panels, legend: legend, columns: 2, panelWidth: 600, panelHeight: 360)
    }

    // MARK: Filters

    /// Before and after the 3σ and small-value filters, tensor by tensor (named on the x axis):
    /// excess kurtosis, std relative to the unfiltered std, and the Lilliefors KS distance D.
    static func filters(_ reports: [TensorReport], subtitle: String) -> Figure? {
        let rows = Array(reports.filter { $0.filters != nil }.prefix(60))
        guard !rows.isEmpty else { return nil }
        // Tensors of distinct layers are placed by layer index; others in report order, named.
        let depths = rows.compactMap(\.depth)
        let byDepth = depths.count == rows.count && Set(depths).count == rows.count && rows.count > 1
        let x = byDepth ? depths.map(Double.init) : rows.indices.map { Double($0 + 1) }
        let step = max(1, (rows.count + 11) / 12)
        let tics = byDepth ? [] : rows.indices.filter { $0 % step == 0 }.map { Panel.Tic(Double($0 + 1), ScenarioFigures.shorten(rows[$0].name, 24)) }
        let rotate = !byDepth && (rows.count > 4 || rows.contains { $0.name.count > 12 })
        let xLabel = byDepth ? "layer index (" + ScenarioFigures.shorten(Set(rows.map { $0.name.replacingOccurrences(of: "\\d+", with: "N", options: .regularExpression) }).sorted().joined(separator: ", "), 50) + ")" : ""
        func column(_ f: (TensorReport) -> Double?) -> [Double] { rows.map { f($0) ?? .nan } }
        let style: Series.Style = rows.count > 1 ? .linesPoints : .points
        let range = byDepth ? (x.min()! - 0.5)...(x.max()! + 0.5) : 0.5...(Double(rows.count) + 0.5)
        let kurtosis = Panel(
            title: "excess kurtosis", xLabel: xLabel, yLabel: "excess kurtosis", xRange: range, xTics: tics, rotateXTics: rotate,
            series: [Series("all values", style: style, columns: [x, column { $0.excessKurtosis }], look: .palette(0)),
                     Series("after the 3σ filter", style: style, columns: [x, column { $0.filters?.threeSigma?.excessKurtosis }], look: .palette(1)),
                     Series("after the small-value filter", style: style, columns: [x, column { $0.filters?.smallValues?.excessKurtosis }], look: .palette(2))],
            key: .off)
        let std = Panel(
            title: "std after filtering / std before", xLabel: xLabel, yLabel: "ratio", xRange: range, xTics: tics, rotateXTics: rotate,
            series: [Series("after the 3σ filter", style: style, columns: [x, column { r in r.filters?.threeSigma.map { $0.std / r.std } }], look: .palette(1)),
                     Series("after the small-value filter", style: style, columns: [x, column { r in r.filters?.smallValues.map { $0.std / r.std } }], look: .palette(2))],
            key: .off)
        let ks = Panel(
            title: "Lilliefors KS distance D", xLabel: xLabel, yLabel: "D (log scale)", logY: true, xRange: range, xTics: tics, rotateXTics: rotate,
            series: [Series("all values", style: style, columns: [x, column { $0.ks?.statistic }], look: .palette(0)),
                     Series("after the 3σ filter", style: style, columns: [x, column { $0.filters?.threeSigma?.ks.statistic }], look: .palette(1)),
                     Series("after the small-value filter", style: style, columns: [x, column { $0.filters?.smallValues?.ks.statistic }], look: .palette(2))],
            key: .off)
        let legend = [Series.legendEntry("all values", style: style, look: .palette(0)),
                      Series.legendEntry("after the 3σ filter", style: style, look: .palette(1)),
                      Series.legendEntry("after the small-value filter (|w| > 10⁻³σ)", style: style, look: .palette(2))]
        return Figure(name: "filters", title: "Before and after the 3σ and small-value filters, tensor by tensor",
                      subtitle: subtitle, panels: [kurtosis, std, ks], legend: legend, columns: 3,
                      panelWidth: 520, panelHeight: rotate ? 440 : 380)
    }
}
