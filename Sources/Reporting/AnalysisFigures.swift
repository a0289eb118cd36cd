import Analysis
import Foundation
import GSLKit
import ScenarioKit

/// The figures of an analysis (`weightlab analyze --plots`, `weightlab plot analysis.json`): the
/// Cullen–Frey plane, depth profiles and the filters from the per-tensor reports, and — when the
/// tensors' values are at hand — histograms, Q–Q plots, Weibull probability plots and spectra.
public enum AnalysisFigures {
    static let palette = ScenarioFigures.palette

    /// Every figure that applies. `samples` are tensors whose values are available (at most nine
    /// are drawn); without them only the report-derived figures are made.
    public static func make(_ reports: [TensorReport], samples: [GeneratedTensor] = [], subtitle: String) -> [Figure] {
        var figures: [Figure] = []
        if let f = cullenFrey(points: reports.map { ($0.name, $0.skewness, $0.excessKurtosis) }, subtitle: subtitle) { figures.append(f) }
        if let f = depthProfiles(reports, subtitle: subtitle) { figures.append(f) }
        if let f = filters(reports, subtitle: subtitle) { figures.append(f) }
        let plottable = samples.filter { $0.values.count >= 64 }.prefix(9).map { (label: "analyzed", tensor: $0) }
        if !plottable.isEmpty {
            figures.append(ScenarioFigures.histogramFigure(Array(plottable), subtitle: subtitle, name: "histograms", logY: false))
            figures.append(ScenarioFigures.histogramFigure(Array(plottable), subtitle: subtitle, name: "histograms_log", logY: true))
            figures.append(ScenarioFigures.qqFigure(Array(plottable), subtitle: subtitle))
            if let f = weibullFigure(plottable.map(\.tensor), subtitle: subtitle) { figures.append(f) }
            if let f = ScenarioFigures.spectrumFigure(Array(plottable), subtitle: subtitle) { figures.append(f) }
        }
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
    public static func cullenFrey(points: [(name: String, skewness: Double, excessKurtosis: Double)], subtitle: String) -> Figure? {
        let finite = points.filter { $0.skewness.isFinite && $0.excessKurtosis.isFinite }
        guard !finite.isEmpty else { return nil }
        let xs = finite.map { $0.skewness * $0.skewness }, ys = finite.map { $0.excessKurtosis + 3 }
        let xMax = max(1.0, (xs.max() ?? 1) * 1.2)
        let yMax = max(8.0, (ys.max() ?? 8) * 1.3)
        let logY = yMax > 40
        let betas = [10, 5, 3, 2, 1.5, 1, 0.8, 0.6]
        let nus = [50.0, 20, 10, 8, 6, 5]
        let gammaX = stride(from: 0.0, through: xMax, by: xMax / 100).map { $0 }
        let logS = stride(from: 0.01, through: 1.2, by: 0.01).map { $0 }
        var lnX: [Double] = [], lnY: [Double] = []
        for s in logS {
            let w = exp(s * s)
            let skew = (w + 2) * (w - 1).squareRoot()
            guard skew * skew <= xMax else { break }
            lnX.append(skew * skew)
            lnY.append(w * w * w * w + 2 * w * w * w + 3 * w * w - 3)
        }
        let series = [
            Series("tensors", style: .points, columns: [xs, ys], color: palette[0]),
            Series("generalised Gaussian, β = 10 … 0.6", style: .linesPoints, columns: [betas.map { _ in 0 }, betas.map(gennormKurtosis)], color: palette[2], width: 1),
            Series("Student-t, ν = 50 … 5", style: .points, columns: [nus.map { _ in 0 }, nus.map { 3 + 6 / ($0 - 4) }], color: palette[4]),
            Series("gamma", style: .lines, columns: [gammaX, gammaX.map { 3 + 1.5 * $0 }], color: palette[3], width: 1.5, dash: 2),
            Series("log-normal", style: .lines, columns: [lnX, lnY], color: palette[5], width: 1.5, dash: 3),
            Series("normal (0, 3)", style: .points, columns: [[0], [3]], color: palette[1], width: 3),
            Series("uniform (0, 1.8)", style: .points, columns: [[0], [1.8]], color: palette[6], width: 3),
            Series("logistic (0, 4.2)", style: .points, columns: [[0], [4.2]], color: palette[7], width: 3),
            Series("Laplace (0, 6)", style: .points, columns: [[0], [6]], color: "#000000", width: 3),
        ]
        let panel = Panel(title: "\(finite.count) tensor\(finite.count == 1 ? "" : "s")", xLabel: "skewness²",
                          yLabel: "kurtosis β₂ (normal = 3)", logY: logY, xRange: (-0.03 * xMax)...xMax,
                          yRange: (logY ? 1.5 : 1)...yMax, series: series, key: "top right")
        return Figure(name: "cullen_frey", title: "Skewness–kurtosis (Cullen–Frey) plane", subtitle: subtitle, panels: [panel],
                      panelWidth: 760, panelHeight: 560)
    }

    // MARK: Depth

    /// std, excess kurtosis, generalised-Gaussian β and Weibull k against layer index, one line per
    /// module kind.
    static func depthProfiles(_ reports: [TensorReport], subtitle: String) -> Figure? {
        let withDepth = reports.filter { $0.depth != nil }
        guard Set(withDepth.compactMap(\.depth)).count >= 2 else { return nil }
        let modules = Array(Set(withDepth.map(\.module))).sorted()
        let quantities: [(String, (TensorReport) -> Double?)] = [
            ("std", { $0.std }), ("excess kurtosis", { $0.excessKurtosis }),
            ("generalised-Gaussian β (ML)", { $0.gennormBeta }), ("Weibull k of |w|", { $0.weibullK }),
        ]
        var panels: [Panel] = []
        for (label, value) in quantities {
            var series: [Series] = []
            for (i, m) in modules.enumerated() {
                let rows = withDepth.filter { $0.module == m }.compactMap { r in value(r).map { (Double(r.depth!), $0) } }
                    .filter { $0.1.isFinite }.sorted { $0.0 < $1.0 }
                guard !rows.isEmpty else { continue }
                series.append(Series(m, style: .linesPoints, columns: [rows.map(\.0), rows.map(\.1)], color: palette[i % palette.count], width: 1.5))
            }
            guard !series.isEmpty else { continue }
            let ys = series.flatMap { $0.columns[1] }.filter { $0 > 0 }
            let logY = label == "std" && ys.count == series.reduce(0) { $0 + $1.count } && (ys.max() ?? 1) / max(ys.min() ?? 1, 1e-300) >= 10
            panels.append(Panel(title: label, xLabel: "layer index", yLabel: label, logY: logY, series: series, key: "outside right top"))
        }
        guard !panels.isEmpty else { return nil }
        return Figure(name: "depth_profiles", title: "Distribution shape across depth, by module", subtitle: subtitle, panels: panels,
                      columns: 2, panelWidth: 620, panelHeight: 380)
    }

    // MARK: Filters

    /// Before and after the 3σ and small-value filters: excess kurtosis, std relative to the
    /// unfiltered std, and the Lilliefors KS p-value, tensor by tensor.
    static func filters(_ reports: [TensorReport], subtitle: String) -> Figure? {
        let rows = reports.filter { $0.filters != nil }.prefix(60)
        guard !rows.isEmpty else { return nil }
        let x = rows.indices.map { Double($0 - rows.startIndex + 1) }
        func column(_ f: (TensorReport) -> Double?) -> [Double] { rows.map { f($0) ?? .nan } }
        let kurtosis = Panel(
            title: "excess kurtosis", xLabel: "tensor (report order)", yLabel: "excess kurtosis",
            xRange: 0.5...(Double(rows.count) + 0.5),
            series: [Series("unfiltered", style: .linesPoints, columns: [x, column { $0.excessKurtosis }], color: palette[0], width: 1.5),
                     Series("3σ filter", style: .linesPoints, columns: [x, column { $0.filters?.threeSigma?.excessKurtosis }], color: palette[1], width: 1.5),
                     Series("small-value filter", style: .linesPoints, columns: [x, column { $0.filters?.smallValues?.excessKurtosis }], color: palette[2], width: 1.5)])
        let std = Panel(
            title: "std after filtering / std before", xLabel: "tensor (report order)", yLabel: "ratio",
            xRange: 0.5...(Double(rows.count) + 0.5),
            series: [Series("3σ filter", style: .linesPoints, columns: [x, column { r in r.filters?.threeSigma.map { $0.std / r.std } }], color: palette[1], width: 1.5),
                     Series("small-value filter", style: .linesPoints, columns: [x, column { r in r.filters?.smallValues.map { $0.std / r.std } }], color: palette[2], width: 1.5)])
        // p-values below 1e-20 are drawn at 1e-20 (the axis says so).
        let floor = 1e-20
        let ks = Panel(
            title: "Lilliefors KS p-value", xLabel: "tensor (report order)", yLabel: "p-value (floored at 1e-20)", logY: true,
            xRange: 0.5...(Double(rows.count) + 0.5), yRange: 1e-21...2,
            series: [Series("unfiltered", style: .linesPoints, columns: [x, column { $0.ks.map { max($0.pValue, floor) } }], color: palette[0], width: 1.5),
                     Series("3σ filter", style: .linesPoints, columns: [x, column { $0.filters?.threeSigma.map { max($0.ks.pValue, floor) } }], color: palette[1], width: 1.5),
                     Series("small-value filter", style: .linesPoints, columns: [x, column { $0.filters?.smallValues.map { max($0.ks.pValue, floor) } }], color: palette[2], width: 1.5)],
            key: "bottom right")
        return Figure(name: "filters", title: "Before and after the 3σ and small-value filters", subtitle: subtitle + "; tensors: " + rows.prefix(4).map(\.name).joined(separator: ", ") + (rows.count > 4 ? ", …" : ""),
                      panels: [kurtosis, std, ks], columns: 3, panelWidth: 520, panelHeight: 380)
    }

    // MARK: Weibull

    /// Weibull probability plot of |w|: ln(−ln(1 − F)) against ln|w| per histogram bin, the
    /// middle-80 % bins the fit uses, and the fitted line y = k·(ln|w| − ln λ).
    static func weibullFigure(_ tensors: [GeneratedTensor], subtitle: String) -> Figure? {
        var panels: [Panel] = []
        for t in tensors.prefix(9) {
            let x = t.values.map(Double.init)
            let (points, fit) = x.withUnsafeBufferPointer { p in (WeibullFit.plotPoints(p), try? WeibullFit.fit(p)) }
            guard let fit, points.count >= 2 else { continue }
            let used = points.filter(\.used), other = points.filter { !$0.used }
            let lo = used.map(\.x).min()!, hi = used.map(\.x).max()!
            let lineX = [lo - 1, hi + 1]
            panels.append(Panel(
                title: "\(t.name): k = \(String(format: "%.3f", fit.k)), λ = \(String(format: "%.3g", fit.lambda))",
                xLabel: "ln |w|", yLabel: "ln(−ln(1 − F))",
                series: [Series("bins outside the middle 80%", style: .points, columns: [other.map(\.x), other.map(\.y)], color: "#aaaaaa"),
                         Series("middle 80% (fitted)", style: .points, columns: [used.map(\.x), used.map(\.y)], color: palette[0]),
                         Series("fit", style: .lines, columns: [lineX, lineX.map { fit.k * ($0 - log(fit.lambda)) }], color: palette[1], width: 1.5, dash: 2)],
                key: "top left"))
        }
        guard !panels.isEmpty else { return nil }
        return Figure(name: "weibull", title: "Weibull probability plots of |w| (Gaussian weights: k ≈ 1.205)", subtitle: subtitle,
                      panels: panels, columns: min(3, panels.count), panelWidth: 500, panelHeight: 380)
    }
}
