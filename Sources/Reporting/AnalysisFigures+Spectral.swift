import Analysis
import Foundation
import ScenarioKit

extension AnalysisFigures {
    /// WeightWatcher's signature plot for up to six matrices: the ESD (eigenvalues of WᵀW) as a
    /// density on log–log axes with log-spaced bins, the fitted power law from xmin on, scaled by
    /// the tail's share n_tail/N, so that it overlays the histogram:
    /// ```
    /// p(λ) = (n_tail/N)·(α − 1)/xmin·(λ/xmin)^{−α},  λ ≥ xmin
    /// ```
    /// xmin marked, and the ESD of W with its entries permuted (correlation traps) beside it.
    /// Needs the eigenvalues, so only for reports computed in this run (not re-read from JSON).
    static func heavyTailESD(_ reports: [TensorReport], subtitle: String) -> Figure? {
        let chosen = reports.filter { ($0.heavyTail?.eigenvalues.count ?? 0) >= 16 }
        guard !chosen.isEmpty else { return nil }
        let step = Swift.max(1, chosen.count / 6)
        let picked = stride(from: 0, to: chosen.count, by: step).prefix(6).map { chosen[$0] }
        let panels = picked.map { esdPanel($0.heavyTail!, title: $0.name) }
        return Figure(name: "heavy_tail_esd", title: "ESD of WᵀW on log–log axes with the fitted power law (WeightWatcher's fit)",
                      subtitle: subtitle, panels: panels, columns: Swift.min(3, panels.count), panelWidth: 540, panelHeight: 380)
    }

    /// Log-binned density of positive values: bin centres (geometric) and count/(N·width).
    static func logDensity(_ x: [Double], lo: Double, hi: Double, bins: Int) -> ([Double], [Double]) {
        let a = Foundation.log(lo), b = Foundation.log(hi), w = (b - a) / Double(bins)
        var counts = [Double](repeating: 0, count: bins)
        for v in x where v >= lo && v <= hi { counts[Swift.min(bins - 1, Int((Foundation.log(v) - a) / w))] += 1 }
        let n = Double(x.count)
        var cx: [Double] = [], cy: [Double] = []
        for i in 0..<bins where counts[i] > 0 {
            let l = Foundation.exp(a + Double(i) * w), r = Foundation.exp(a + Double(i + 1) * w)
            cx.append((l * r).squareRoot())
            cy.append(counts[i] / (n * (r - l)))
        }
        return (cx, cy)
    }

    static func esdPanel(_ h: HeavyTailReport, title: String) -> Panel {
        let positive = h.eigenvalues.filter { $0 > PowerLawFit.floor }
        let rand = (h.traps?.eigenvalues ?? []).filter { $0 > PowerLawFit.floor }
        let lo = Swift.max((positive + rand).min() ?? 1e-5, 1e-5) * 0.9, hi = ((positive + rand).max() ?? 1) * 1.1
        let bins = Swift.max(10, Swift.min(50, Int(2 * Double(positive.count).squareRoot())))
        let (x, y) = logDensity(positive, lo: lo, hi: hi, bins: bins)
        var series = [Series("ESD of W", style: .points, columns: [x, y], look: .palette(0), options: "pt 7 ps 0.8")]
        if !rand.isEmpty {
            let (rx, ry) = logDensity(rand, lo: lo, hi: hi, bins: bins)
            series.append(Series("ESD of W permuted (\(h.traps?.traps ?? 0) trap\(h.traps?.traps == 1 ? "" : "s"))", style: .points,
                                 columns: [rx, ry], look: .palette(2), options: "pt 6 ps 0.8"))
        }
        var markers: [Panel.Marker] = []
        var label = "fit failed"
        if let a = h.alpha, let xmin = h.xmin, let xmax = h.xmax, a > 1 {
            let share = Double(h.numPLSpikes ?? 0) / Double(Swift.max(positive.count, 1))
            let grid = (0...60).map { xmin * Foundation.pow(xmax / xmin, Double($0) / 60) }
            series.append(Series(String(format: "power law, α = %.2f", a), style: .lines,
                                 columns: [grid, grid.map { share * (a - 1) / xmin * Foundation.pow($0 / xmin, -a) }], look: .role(.fit)))
            markers.append(.init(x: xmin, label: "xmin", labelY: 0.9))
            label = String(format: "α = %.2f, α̂ = %.2f", a, h.alphaWeighted ?? .nan)
        }
        return Panel(title: "\(title): \(label)", xLabel: "eigenvalue λ of WᵀW", yLabel: "density", logX: true, logY: true,
                     xRange: lo...hi, series: series, markers: markers)
    }

    /// α and α̂ = α·log10 λmax against the layer index, one palette colour per module, with
    /// WeightWatcher's over- and under-trained thresholds (α = 2 and 6) drawn on the α panel.
    static func alphaByDepth(_ reports: [TensorReport], subtitle: String) -> Figure? {
        let rows = reports.filter { $0.depth != nil && $0.heavyTail?.alpha != nil }
        guard Set(rows.compactMap(\.depth)).count >= 2 else { return nil }
        let modules = Array(Set(rows.map(\.module.rawValue))).sorted()
        let depths = rows.compactMap(\.depth).map(Double.init)
        var panels: [Panel] = []
        for (label, value) in [("α (power-law exponent of the ESD tail)", { (h: HeavyTailReport) in h.alpha }),
                               ("α̂ = α·log10 λmax (alpha_weighted)", { (h: HeavyTailReport) in h.alphaWeighted })] {
            var series: [Series] = []
            for (i, m) in modules.enumerated() {
                let points = rows.filter { $0.module.rawValue == m }.compactMap { r in value(r.heavyTail!).map { (Double(r.depth!), $0) } }
                    .filter { $0.1.isFinite }.sorted { $0.0 < $1.0 }
                guard !points.isEmpty else { continue }
                series.append(Series(m, style: .linesPoints, columns: [points.map(\.0), points.map(\.1)], look: .palette(i)))
            }
            if label.hasPrefix("α (") {
                for t in [PowerLawFit.overTrained, PowerLawFit.underTrained] {
                    series.insert(Series("α = \(Int(t))", style: .lines, columns: [[depths.min()!, depths.max()!], [t, t]],
                                         look: .role(.reference), inKey: false), at: 0)
                }
            }
            panels.append(Panel(title: label, xLabel: "layer index", yLabel: label, xTics: ScenarioFigures.tics(depths), series: series))
        }
        return Figure(name: "alpha_by_depth", title: "Heavy-tail exponent across depth, by module", subtitle: subtitle,
                      panels: panels, columns: 2, panelWidth: 600, panelHeight: 380)
    }
}
