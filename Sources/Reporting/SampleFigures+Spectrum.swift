import Analysis
import Foundation

extension SampleFigures {
    /// Eigenvalues of W·Wᵀ/n against the Marchenko–Pastur density (in units of the fitted σ²),
    /// the spike threshold and every spike marked; for matrices without a bulk (low rank), a scree
    /// plot of the largest eigenvalues with the numerical rank.
    static func spectrumFigure(_ samples: [PlotSample], titles: [String], subtitle: String) -> Figure? {
        var panels: [Panel] = []
        var scree = 0
        for (i, sample) in samples.enumerated().prefix(6) {
            let t = sample.tensor
            guard t.shape.count == 2, max(t.shape[0], t.shape[1]) <= 2048, min(t.shape[0], t.shape[1]) >= 16 else { continue }
            let x = t.values.map(Double.init)
            guard let s = try? x.withUnsafeBufferPointer({ (p) throws(AnalysisError) in try SpectrumCheck.run(p, rows: t.shape[0], columns: t.shape[1]) })
            else { continue }
            if s.mpSigma2 == 0 {
                scree += 1
                panels.append(screePanel(s, title: titles[i]))
            } else {
                panels.append(densityPanel(s, title: titles[i]))
            }
        }
        guard !panels.isEmpty else { return nil }
        let title = scree == panels.count ? "Largest eigenvalues of W·Wᵀ/n (low rank: no Marchenko–Pastur bulk)"
            : scree == 0 ? "Eigenvalues of W·Wᵀ/n against Marchenko–Pastur"
            : "Eigenvalues of W·Wᵀ/n against Marchenko–Pastur (scree plots where there is no bulk)"
        return Figure(name: "spectrum", title: title, subtitle: subtitle, panels: panels,
                      columns: min(3, panels.count), panelWidth: 540, panelHeight: 380)
    }

    /// Histogram of the eigenvalues in units of σ̂², the Marchenko–Pastur density on
    /// [(1 − √q)², (1 + √q)²], the spike threshold, and each spike as a line; spikes far beyond
    /// the bulk are listed instead of stretching the axis.
    static func densityPanel(_ s: SpectrumCheck, title: String) -> Panel {
        let unit = s.mpSigma2
        let eig = s.eigenvalues.map { $0 / unit }
        let lp = s.lambdaPlus / unit, lm = s.lambdaMinus / unit, threshold = s.spikeThreshold / unit
        let spikes = eig.filter { $0 > threshold }.sorted()
        let bulk = eig.filter { $0 <= threshold }
        // The axis covers the bulk and the spikes within 3 edges of it.
        let shown = spikes.filter { $0 <= 3 * max(lp, threshold) }, beyond = spikes.filter { $0 > 3 * max(lp, threshold) }
        let top = max(bulk.max() ?? lp, lp, threshold, shown.max() ?? 0) * 1.06
        let bins = max(10, min(60, Int((2 * Double(bulk.count).squareRoot()).rounded())))
        let width = max(lp, bulk.max() ?? lp) * 1.02 / Double(bins)
        var counts = [Double](repeating: 0, count: bins)
        for l in bulk { counts[min(bins - 1, max(0, Int(l / width)))] += 1 }
        let centres = (0..<bins).map { (Double($0) + 0.5) * width }
        let density = counts.map { $0 / (Double(eig.count) * width) }
        let q = s.ratio
        let curveX = lp > lm ? (0...240).map { lm + (lp - lm) * Double($0) / 240 } : []
        let mp = curveX.map { l -> Double in
            let v = (lp - l) * (l - lm)
            return v > 0 ? v.squareRoot() / (2 * .pi * q * l) : 0
        }
        let peak = max(density.max() ?? 1, mp.max() ?? 1)
        var series = [Series.bars("bulk eigenvalues", centres: centres, heights: density, look: .palette(0)),
                      Series("Marchenko–Pastur, q = \(String(format: "%.3g", q))", style: .lines, columns: [curveX, mp], look: .role(.theory))]
        if !shown.isEmpty {
            series.append(Series("spike\(shown.count == 1 ? "" : "s") (\(shown.count))", style: .impulses,
                                 columns: [shown, shown.map { _ in 0.35 * peak }], look: .palette(3), options: "lw 2.5"))
        }
        var notes: [Panel.Note] = []
        if !beyond.isEmpty {
            let listed = beyond.prefix(4).map { String(format: "%.3g", $0) }.joined(separator: ", ") + (beyond.count > 4 ? ", …" : "")
            notes.append(Panel.Note("\(beyond.count) spike\(beyond.count == 1 ? "" : "s") beyond the axis at \(listed) → ", x: 0.98, y: 0.5, align: "right"))
        }
        return Panel(title: "\(title): \(s.spikes) spike\(s.spikes == 1 ? "" : "s")", xLabel: "eigenvalue of W·Wᵀ/(n·σ̂²)", yLabel: "density",
                     xRange: 0...top, series: series,
                     // The label below the legend box and above the spikes and the note on spikes beyond the axis.
                     markers: [.init(x: threshold, label: "spike threshold", labelY: 0.64)], notes: notes)
    }

    /// The largest eigenvalues against their rank, log scale, with the numerical rank marked.
    static func screePanel(_ s: SpectrumCheck, title: String) -> Panel {
        let top = Array(s.eigenvalues.sorted(by: >).prefix(max(2 * s.spikes, 10)))
        let floor = max((top.first ?? 1) * 1e-18, 1e-300)
        let idx = top.indices.map { Double($0 + 1) }
        return Panel(title: "\(title): rank \(s.spikes) (scree plot)", xLabel: "eigenvalue index (largest first)", yLabel: "eigenvalue of W·Wᵀ/n",
                     logX: top.count > 20, logY: true, xRange: top.count > 20 ? 0.8...(Double(top.count) * 1.25) : 0.5...(Double(top.count) + 0.5),
                     series: [Series("eigenvalues", style: .linesPoints, columns: [idx, top.map { max($0, floor) }], look: .palette(0), options: "ps 0.7")],
                     markers: [.init(x: Double(s.spikes) + 0.5, label: "numerical rank \(s.spikes)", labelY: 0.5)], key: .off)
    }
}
