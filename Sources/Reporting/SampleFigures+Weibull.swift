import Analysis
import Foundation

extension SampleFigures {
    /// Weibull probability plots of |w|: ln(−ln(1 − F)) against ln|w| per histogram bin, the
    /// middle-80 % bins the fit uses, and the fitted line y = k·(ln|w| − ln λ) over their range.
    /// The bin of exact zeros (|w| clipped to 10⁻¹³) is stated, not drawn, so it does not stretch
    /// the axis.
    static func weibullFigure(_ samples: [PlotSample], titles: [String], subtitle: String) -> Figure? {
        var panels: [Panel] = []
        for (i, sample) in samples.enumerated() {
            let x = sample.tensor.values.map(Double.init)
            let (points, fit) = x.withUnsafeBufferPointer { p in (WeibullFit.plotPoints(p), try? WeibullFit.fit(p)) }
            guard let fit, points.count >= 2 else { continue }
            // The lowest bin holds the values clipped at 10⁻¹³ (ln|w| ≈ −27.6): exact zeros.
            let floorX = (-12 + 0.5 * 14 / 1024) * log(10.0)
            let zeros = points.filter { abs($0.x - floorX) < 1e-9 }
            let drawn = points.filter { abs($0.x - floorX) >= 1e-9 }
            let used = points.filter(\.used)
            let lo = used.map(\.x).min()!, hi = used.map(\.x).max()!
            let lineX = (0...60).map { lo + (hi - lo) * Double($0) / 60 }
            let visible = drawn.map(\.x)
            let xRange = (visible.min() ?? lo) - 0.5...(visible.max() ?? hi) + 0.5
            var notes: [Panel.Note] = []
            if let z = zeros.first {
                let share = z.count / Double(x.count)
                notes.append(Panel.Note(String(format: "%.1f %% exact zeros: |w| clipped to 10⁻¹³,", 100 * share), x: 0.03, y: 0.93))
                notes.append(Panel.Note(String(format: "at ln|w| = %.1f, off the axis%@", z.x, z.used ? " (used by the fit)" : ""), x: 0.03, y: 0.86))
            }
            let outside = drawn.filter { !$0.used }, inside = drawn.filter(\.used)
            panels.append(Panel(
                title: "\(titles[i]): k = \(String(format: "%.3f", fit.k)), λ = \(String(format: "%.3g", fit.lambda))",
                xLabel: "ln |w|", yLabel: "ln(−ln(1 − F))", xRange: xRange,
                series: [Series("bins outside the middle 80 %", style: .points, columns: [outside.map(\.x), outside.map(\.y)], look: .role(.context)),
                         Series("middle 80 % (fitted)", style: .points, columns: [inside.map(\.x), inside.map(\.y)], look: .palette(0), options: "ps 0.5"),
                         Series("fit over the fitted range", style: .lines, columns: [lineX, lineX.map { fit.k * ($0 - log(fit.lambda)) }], look: .role(.theory))],
                notes: notes, key: .off))
        }
        guard !panels.isEmpty else { return nil }
        let legend = [Series.legendEntry("bins outside the middle 80 %", style: .points, look: .role(.context)),
                      Series.legendEntry("middle 80 % (used by the fit)", style: .points, look: .palette(0)),
                      Series.legendEntry("fitted line, slope k", style: .lines, look: .role(.theory))]
        return Figure(name: "weibull", title: "Weibull probability plots of |w| (Gaussian weights: k ≈ 1.205)", subtitle: subtitle,
                      panels: panels, legend: legend, columns: min(3, panels.count), panelWidth: 500, panelHeight: 380)
    }
}
