import Analysis
import Distributions
import Foundation
import GSLKit
import ScenarioKit

/// The figures drawn from tensors' values (at most nine tensors): histogram grids (linear and
/// log), Q–Q plots, eigenvalue spectra, and where they apply the shapes of scale mixtures, the
/// filters' before/after histograms and Weibull probability plots.
enum SampleFigures {
    static func make(_ samples: [PlotSample], subtitle: String, shapes: Bool, filters: Bool, weibull: Bool = false) -> [Figure] {
        let samples = Array(samples.filter { $0.tensor.values.count >= 64 }.prefix(9))
        guard !samples.isEmpty else { return [] }
        let titles = PlotSample.titles(samples)
        let standardized = samples.map { standardize($0.tensor.values) }
        var figures = [histogramFigure(samples, titles: titles, standardized: standardized, subtitle: subtitle, logY: false),
                       histogramFigure(samples, titles: titles, standardized: standardized, subtitle: subtitle, logY: true),
                       qqFigure(samples, titles: titles, standardized: standardized, subtitle: subtitle)]
        if let f = spectrumFigure(samples, titles: titles, subtitle: subtitle) { figures.append(f) }
        if shapes, samples.count >= 2 { figures.append(shapesFigure(samples, titles: titles, standardized: standardized, subtitle: subtitle)) }
        if filters { figures.append(filterHistograms(samples, titles: titles, subtitle: subtitle)) }
        if weibull, let f = weibullFigure(samples, titles: titles, subtitle: subtitle) { figures.append(f) }
        return figures
    }

    /// Values in σ units, z = (w − mean)/σ, with the mean and σ (population moments).
    struct Standardized {
        var z: [Double]
        var mean: Double
        var std: Double
    }

    static func standardize(_ v: [Float]) -> Standardized {
        let n = Double(v.count)
        let m = v.reduce(0.0) { $0 + Double($1) } / n
        let s = max((v.reduce(0.0) { $0 + (Double($1) - m) * (Double($1) - m) } / n).squareRoot(), 1e-300)
        return Standardized(z: v.map { (Double($0) - m) / s }, mean: m, std: s)
    }

    /// A density histogram of `z` over [lo, hi]: bin centres and densities (count/(n·width)), n
    /// being `total` (the values before any filtering) when given.
    static func histogram(_ z: [Double], lo: Double, hi: Double, bins: Int, total: Int? = nil) -> (centres: [Double], density: [Double]) {
        let width = (hi - lo) / Double(bins)
        var counts = [Double](repeating: 0, count: bins)
        for v in z {
            let b = Int(((v - lo) / width).rounded(.down))
            if b >= 0 && b < bins { counts[b] += 1 }
        }
        let n = Double(total ?? z.count)
        return ((0..<bins).map { lo + (Double($0) + 0.5) * width }, counts.map { $0 / (n * width) })
    }

    /// The outline of a histogram as a line: each bin's top from its left to its right edge,
    /// joined to the next bin's by a vertical step, broken (NaN) at missing bins.
    static func stepOutline(centres: [Double], values: [Double]) -> (x: [Double], y: [Double]) {
        guard centres.count >= 2 else { return (centres, values) }
        let half = (centres[1] - centres[0]) / 2
        var x: [Double] = [], y: [Double] = []
        for (c, v) in zip(centres, values) {
            if v.isFinite {
                x += [c - half, c + half]
                y += [v, v]
            } else if y.last?.isFinite ?? false {
                x.append(c)
                y.append(.nan)
            }
        }
        return (x, y)
    }

    /// The power of ten at or below the smallest positive value (a log axis's lower end).
    static func floorDecade(_ values: [Double]) -> Double {
        pow(10, floor(log10(values.filter { $0 > 0 }.min() ?? 1e-6)))
    }

    /// Bins for n values over a span of `span` σ: about 0.1σ wide for large tensors, wider for
    /// small ones (Freedman–Diaconis with the normal's IQR, 1.35σ).
    static func binCount(n: Int, span: Double) -> Int {
        let width = max(0.1, 2 * 1.35 * pow(Double(n), -1.0 / 3))
        return max(10, min(160, Int((span / width).rounded())))
    }

    /// The best fit by BIC among the analyzer's laws, as a density of z = (w − mean)/σ:
    /// σ·(1 − π0)·p(mean + σz), π0 being the exact-zero mass of the hurdle. Nil when the best law
    /// is the Gaussian (already drawn as the fitted normal) or cannot be built.
    static func bestFit(_ values: [Float], _ s: Standardized, at z: [Double]) -> (description: String, curve: [Double])? {
        let x = values.map(Double.init)
        guard let fits = try? x.withUnsafeBufferPointer({ (p) throws(AnalysisError) in try Fits.all(p) }), let best = fits.first,
              best.law != "gaussian" else { return nil }
        let p = best.parameters
        func v(_ k: String) -> String { String(p[k] ?? 0) }
        func g(_ k: String) -> String { String(format: "%.3g", p[k] ?? 0) }
        let spec: String, description: String
        switch best.law {
        case "laplace": (spec, description) = ("laplace(scale=\(v("scale")), mean=\(v("mean")))", "Laplace")
        case "gennorm": (spec, description) = ("gennorm(beta=\(v("beta")), scale=\(v("scale")), mean=\(v("mean")))", "gen. Gaussian β = \(g("beta"))")
        case "studentt": (spec, description) = ("studentt(nu=\(v("nu")), scale=\(v("scale")), mean=\(v("mean")))", "Student-t ν = \(g("nu"))")
        case "truncated": (spec, description) = ("truncated(sigma=\(v("sigma")), c=\(v("c")))", "truncated normal c = \(g("c"))")
        case "wstar":
            spec = "wstar(sigma=\(v("sigma")), c=\(v("c")), outliers=\(v("outliers")), outlier_scale=\(v("outlier_scale")))"
            description = "W* c = \(g("c"))" + ((p["pi0"] ?? 0) > 0 ? ", π0 = \(g("pi0"))" : "")
        default: return nil
        }
        guard let law = try? parseLaw(spec) else { return nil }
        let keep = 1 - (p["pi0"] ?? 0)
        return (description, z.map { s.std * keep * law.pdf(s.mean + s.std * $0) })
    }

    // MARK: Histograms

    /// Histogram grid in σ units with the fitted normal and the best fit by BIC; every panel
    /// shares the x and y scales; the legend is shared and each panel names its best fit. Exact
    /// zeros (the hurdle of W*) are a point mass, not a density: they are counted in a note and
    /// left out of the histogram, which then has area 1 − π0 like the best fit's continuous part.
    static func histogramFigure(_ samples: [PlotSample], titles: [String], standardized: [Standardized], subtitle: String, logY: Bool) -> Figure {
        // Log scale shows the tails: the x range covers the farthest value (up to 10σ).
        let reach = standardized.map { s in s.z.reduce(0) { max($0, abs($1)) } }.max() ?? 5
        let half = logY ? min(10, max(5, reach.rounded(.up))) : 5
        var panels: [Panel] = []
        var lowest = Double.infinity, highest = 0.0
        for (i, sample) in samples.enumerated() {
            let s = standardized[i]
            let nonzero = zip(sample.tensor.values, s.z).filter { $0.0 != 0 }.map(\.1)
            let zeros = s.z.count - nonzero.count
            let bins = binCount(n: s.z.count, span: 2 * half)
            let (centres, density) = histogram(nonzero, lo: -half, hi: half, bins: bins, total: s.z.count)
            lowest = min(lowest, density.filter { $0 > 0 }.min() ?? 1)
            highest = max(highest, density.max() ?? 1)
            // Empty bins have no bar on a log axis (NaN), and break the outline.
            let shown = logY ? density.map { $0 > 0 ? $0 : .nan } : density
            let outline = stepOutline(centres: centres, values: shown)
            let curveX = stride(from: -half, through: half, by: half / 150).map { $0 }
            var series = [Series.bars("weights", centres: centres, heights: shown, look: .palette(0)),
                          Series("weights (outline)", style: .lines, columns: [outline.x, outline.y], look: .palette(0), options: "lw 1.2"),
                          Series("fitted normal", style: .lines, columns: [curveX, curveX.map(SpecialFunctions.normalPDF)], look: .role(.fit))]
            var notes: [Panel.Note] = []
            var fitted = "normal"
            if let (description, curve) = bestFit(sample.tensor.values, s, at: curveX) {
                series.append(Series("best fit: " + description, style: .lines, columns: [curveX, curve], look: .role(.bestFit)))
                fitted = description
                highest = max(highest, curve.max() ?? 0)
            }
            if zeros > 0 {
                notes.append(Panel.Note(String(format: "%.1f %% exact zeros", 100 * Double(zeros) / Double(s.z.count)), x: 0.03, y: 0.93))
                notes.append(Panel.Note("not drawn", x: 0.03, y: 0.86))
            }
            let outside = nonzero.filter { abs($0) >= half }.count
            if outside > 0 {
                notes.append(Panel.Note("\(outside) value\(outside == 1 ? "" : "s") beyond ±\(Int(half))σ", x: 0.97, y: 0.93, align: "right"))
            }
            panels.append(Panel(title: titles[i] + "\nbest fit: \(fitted); n = \(s.z.count)", xLabel: "(w − mean)/σ", yLabel: "density",
                                logY: logY, xRange: -half...half,
                                series: series, notes: notes, key: .off))
        }
        // One scale for all: the lowest non-empty bin to above the highest peak, with room for the notes.
        let yRange = logY ? pow(10, floor(log10(lowest)))...(highest * 3) : 0...(highest * 1.3)
        for i in panels.indices { panels[i].yRange = yRange }
        let legend = [Series.legendEntry("weights (histogram)", style: .boxes, look: .palette(0)),
                      Series.legendEntry("fitted normal", style: .lines, look: .role(.fit)),
                      Series.legendEntry("best-fitting law by BIC (named in each panel)", style: .lines, look: .role(.bestFit))]
        return Figure(name: logY ? "histograms_log" : "histograms", kind: "histograms",
                      title: "Weight histograms with the fitted normal and the best fit by BIC" + (logY ? " (log scale)" : ""),
                      subtitle: subtitle, panels: panels, legend: legend, columns: min(3, panels.count), panelWidth: 520, panelHeight: 380)
    }

    // MARK: Q–Q

    /// Q–Q plots against the normal: Blom plotting positions p = (i − 0.375)/(n + 0.25) at every
    /// one of the 20 smallest and 20 largest order statistics and at 400 more, evenly spaced in
    /// normal quantile between them, so the extreme tails are drawn point by point.
    static func qqFigure(_ samples: [PlotSample], titles: [String], standardized: [Standardized], subtitle: String) -> Figure {
        var panels: [Panel] = []
        for (i, _) in samples.enumerated() {
            let sorted = standardized[i].z.sorted()
            let n = sorted.count
            let (body, tails) = qqIndices(n)
            func column(_ idx: [Int]) -> ([Double], [Double]) {
                (idx.map { SpecialFunctions.normalQuantile((Double($0 + 1) - 0.375) / (Double(n) + 0.25)) }, idx.map { sorted[$0] })
            }
            let (bx, by) = column(body), (tx, ty) = column(tails)
            let reach = max(abs(tx.first ?? 4), abs(tx.last ?? 4)) * 1.05
            panels.append(Panel(title: titles[i], xLabel: "normal quantile", yLabel: "sample quantile (σ units)", xRange: -reach...reach,
                                series: [Series("y = x", style: .lines, columns: [[-reach, reach], [-reach, reach]], look: .role(.reference)),
                                         Series("order statistics", style: .points, columns: [bx, by], look: .palette(0), options: "ps 0.5"),
                                         Series("the 20 smallest and 20 largest", style: .points, columns: [tx, ty], look: .palette(1), options: "ps 0.8")],
                                key: .off))
        }
        let legend = [Series.legendEntry("order statistics", style: .points, look: .palette(0)),
                      Series.legendEntry("the 20 smallest and 20 largest", style: .points, look: .palette(1)),
                      Series.legendEntry("normal (y = x)", style: .lines, look: .role(.reference))]
        return Figure(name: "qq", title: "Q–Q plots against the normal", subtitle: subtitle, panels: panels, legend: legend,
                      columns: min(3, panels.count), panelWidth: 480, panelHeight: 400)
    }

    /// The order-statistic indices of a Q–Q plot of n values: (body, extreme tails).
    static func qqIndices(_ n: Int) -> (body: [Int], tails: [Int]) {
        let k = min(20, n / 4)
        let tails = Array(0..<k) + Array((n - k)..<n)
        guard n - 2 * k > 0 else { return ([], tails) }
        let zLo = SpecialFunctions.normalQuantile((Double(k + 1) - 0.375) / (Double(n) + 0.25))
        let zHi = -zLo
        var body: [Int] = []
        for j in 0..<400 {
            let z = zLo + (zHi - zLo) * Double(j) / 399
            let i = Int((SpecialFunctions.normalCDF(z) * (Double(n) + 0.25) + 0.375 - 1).rounded())
            let clamped = min(max(i, k), n - k - 1)
            if body.last != clamped { body.append(clamped) }
        }
        return (body, tails)
    }
}
