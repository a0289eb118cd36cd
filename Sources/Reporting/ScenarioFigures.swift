import Analysis
import Distributions
import Foundation
import GSLKit
import ScenarioKit

/// The figures of a scenario run, drawn from its report and from regenerated replicate-0 tensors.
public enum ScenarioFigures {
    static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"]

    /// Every figure that applies to this report.
    public static func make(_ report: ScenarioReport, samples: [(label: String, tensor: GeneratedTensor)]) -> [Figure] {
        let subtitle = "\(report.scenario): seed \(report.seed), \(report.generator), \(report.replicates) replicates, WeightLab \(report.weightlabVersion)"
        var figures: [Figure] = []
        if let f = claimsFigure(report, subtitle: subtitle) { figures.append(f) }
        if let f = depthFigure(report, subtitle: subtitle) { figures.append(f) }
        if let f = sigmaGapFigure(report, subtitle: subtitle) { figures.append(f) }
        if let f = mergingFigure(report, subtitle: subtitle) { figures.append(f) }
        if let f = AnalysisFigures.cullenFrey(points: cullenFreyPoints(report), subtitle: subtitle) { figures.append(f) }
        let plottable = samples.filter { $0.tensor.values.count >= 64 }
        if !plottable.isEmpty {
            figures.append(histogramFigure(plottable, subtitle: subtitle, name: "histograms", logY: false))
            figures.append(histogramFigure(plottable, subtitle: subtitle, name: "histograms_log", logY: true))
            figures.append(qqFigure(plottable, subtitle: subtitle))
        }
        if let f = spectrumFigure(plottable, subtitle: subtitle) { figures.append(f) }
        return figures
    }

    /// A case label ("alt=truncated(sigma=1, c=2), n=96") split into its variables, at the commas
    /// outside parentheses.
    static func caseVariables(_ label: String) -> [(name: String, value: String)] {
        var parts: [String] = [], depth = 0, current = ""
        for ch in label {
            if ch == "(" { depth += 1 } else if ch == ")" { depth -= 1 }
            if ch == ",", depth == 0 { parts.append(current); current = ""; continue }
            current.append(ch)
        }
        parts.append(current)
        return parts.compactMap { part in
            let t = part.trimmingCharacters(in: .whitespaces)
            guard let eq = t.firstIndex(of: "=") else { return nil }
            return (String(t[..<eq]), String(t[t.index(after: eq)...]))
        }
    }

    /// How a claim's cases are laid out on the x axis: against one numeric variable (the last
    /// numeric one that varies), with one series per combination of the other variables; or,
    /// when no variable is numeric, by case number.
    struct CaseAxis {
        var name: String?
        var x: [Double]
        var group: [String]
    }

    static func caseAxis(_ labels: [String]) -> CaseAxis {
        let vars = labels.map(caseVariables)
        let names = vars.first?.map(\.name) ?? []
        let consistent = !names.isEmpty && vars.allSatisfy { $0.map(\.name) == names }
        if consistent {
            let numeric = names.indices.filter { k in
                vars.allSatisfy { Double($0[k].value) != nil } && Set(vars.map { $0[k].value }).count >= 2
            }
            if let k = numeric.last {
                let group = vars.map { v in v.indices.filter { $0 != k }.map { "\(v[$0].name)=\(v[$0].value)" }.joined(separator: ", ") }
                return CaseAxis(name: names[k], x: vars.map { Double($0[k].value)! }, group: group)
            }
        }
        return CaseAxis(name: nil, x: labels.indices.map { Double($0 + 1) }, group: labels.map { _ in "" })
    }

    /// Measured value (with 95 % CI) against the expectation, one panel per claim: against the
    /// swept variable when there is one (power curves against n, kurtosis against rank), one
    /// series per value of the other variables.
    static func claimsFigure(_ report: ScenarioReport, subtitle: String) -> Figure? {
        var panels: [Panel] = []
        var seen: [String] = []
        for c in report.claims where !seen.contains(c.claim) { seen.append(c.claim) }
        for name in seen.prefix(9) {
            let rows = report.claims.filter { $0.claim == name }
            guard rows.contains(where: { $0.value.isFinite }) else { continue }
            let axis = caseAxis(rows.map(\.caseLabel))
            let numeric = axis.name != nil
            let xs = axis.x
            let logX = numeric && (xs.min() ?? 0) > 0 && (xs.max() ?? 0) / (xs.min() ?? 1) >= 10
            // The expected value of "= x ± k SE" claims (bounds and open questions have none).
            let expected = rows.map { r -> Double in
                guard r.expected.hasPrefix("= ") else { return .nan }
                return Double(r.expected.dropFirst(2).prefix { "-0123456789.e".contains($0) }) ?? .nan
            }
            var groups: [String] = []
            for g in axis.group where !groups.contains(g) { groups.append(g) }
            var series: [Series] = []
            for (gi, g) in groups.enumerated() {
                let idx = rows.indices.filter { axis.group[$0] == g }.sorted { xs[$0] < xs[$1] }
                let label = g.isEmpty ? "measured (95% CI)" : "\(g.prefix(48)) (95% CI)"
                let color = palette[(groups.count == 1 ? 0 : gi) % palette.count]
                series.append(Series(label, style: numeric ? .errorLines : .errorBars,
                                     columns: [idx.map { xs[$0] }, idx.map { rows[$0].value },
                                               idx.map { rows[$0].ciLow.isFinite ? rows[$0].ciLow : rows[$0].value },
                                               idx.map { rows[$0].ciHigh.isFinite ? rows[$0].ciHigh : rows[$0].value }],
                                     color: color, width: 1.5))
                if idx.contains(where: { expected[$0].isFinite }) {
                    series.append(Series(groups.count == 1 ? "expected" : "expected, \(g.prefix(40))", style: numeric ? .linesPoints : .points,
                                         columns: [idx.map { xs[$0] }, idx.map { expected[$0] }],
                                         color: groups.count == 1 ? palette[1] : color, width: 1, dash: 2))
                }
            }
            let labels = rows.map(\.caseLabel).joined(separator: "; ")
            let xLabel = axis.name ?? (rows.count > 1 ? "case (\(labels.prefix(70)))" : "case: \(labels.prefix(60))")
            let range = numeric ? (logX ? (xs.min()! / 1.5)...(xs.max()! * 1.5) : (xs.min()! - 0.05 * (xs.max()! - xs.min()! + 1))...(xs.max()! + 0.05 * (xs.max()! - xs.min()! + 1)))
                : 0.5...(Double(rows.count) + 0.5)
            // Rates live in [0, 1]: keep a margin so values of 0 and 1 and their bars stay visible.
            let isRate = rows[0].statistic == "rejection_rate"
            panels.append(Panel(title: name, xLabel: xLabel, yLabel: "\(rows[0].statistic) of \(rows[0].metric)", logX: logX,
                                xRange: range, yRange: isRate ? -0.04...1.06 : nil, series: series,
                                key: groups.count > 2 ? "outside bottom center" : "top right"))
        }
        guard !panels.isEmpty else { return nil }
        let manyGroups = panels.contains { $0.key.hasPrefix("outside") }
        return Figure(name: "claims", title: "Claims: measured against expected", subtitle: subtitle, panels: panels, columns: min(3, panels.count),
                      panelHeight: manyGroups ? 560 : 420)
    }

    /// Summaries of one quantity, per case, for the first tensor that has it.
    static func perCase(_ report: ScenarioReport, _ quantity: String) -> [String: ScenarioReport.QuantitySummary] {
        var out: [String: ScenarioReport.QuantitySummary] = [:]
        for s in report.summaries where s.quantity == quantity && out[s.caseLabel] == nil { out[s.caseLabel] = s }
        return out
    }

    /// The σ-gap study: loss gap against σ gap (Monte Carlo mean ± SD per case) with the
    /// closed-form curve of THEORY.md beside it.
    static func sigmaGapFigure(_ report: ScenarioReport, subtitle: String) -> Figure? {
        let sg = perCase(report, "sigma_gap"), lg = perCase(report, "loss_gap")
        let sgT = perCase(report, "sigma_gap_theory"), lgT = perCase(report, "loss_gap_theory")
        let cases = report.cases.filter { sg[$0] != nil && lg[$0] != nil }
        guard cases.count >= 2 else { return nil }
        let ordered = cases.sorted { sg[$0]!.mean < sg[$1]!.mean }
        var series = [Series("measured (±1 SD over replicates)", style: .errorLines,
                             columns: [ordered.map { sg[$0]!.mean }, ordered.map { lg[$0]!.mean }, ordered.map { lg[$0]!.sd }],
                             color: palette[0], width: 1.5)]
        let theory = ordered.filter { sgT[$0] != nil && lgT[$0] != nil }
        if !theory.isEmpty {
            series.append(Series("theory", style: .linesPoints, columns: [theory.map { sgT[$0]!.mean }, theory.map { lgT[$0]!.mean }],
                                 color: palette[1], width: 1.5, dash: 2))
        }
        let xs = ordered.map { sg[$0]!.mean }, ys = ordered.map { lg[$0]!.mean }
        let logs = (xs.min() ?? 0) > 0 && (ys.min() ?? 0) > 0 && (xs.max()! / xs.min()! >= 10)
        let panel = Panel(title: "cases: " + ordered.joined(separator: ", "), xLabel: "σ gap (student std − W* std)",
                          yLabel: "loss gap (teacher loss of the student)", logX: logs, logY: logs, series: series, key: "top left")
        return Figure(name: "sigma_gap", title: "Loss gap against σ gap", subtitle: subtitle, panels: [panel])
    }

    /// Merging methods compared: distance to W* and teacher loss against the number of tasks.
    static func mergingFigure(_ report: ScenarioReport, subtitle: String) -> Figure? {
        let methods = ["average", "ties", "amplify", "base"].filter { !perCase(report, "\($0).distance").isEmpty }
        guard methods.count >= 2 else { return nil }
        let axis = caseAxis(report.cases)
        let order = report.cases.indices.sorted { axis.x[$0] < axis.x[$1] }
        let names = ["average": "plain average", "ties": "trim and sign-elect", "amplify": "amplify largest", "base": "pre-trained base (no task vector)"]
        var panels: [Panel] = []
        for (quantity, label) in [("distance", "relative distance to W*"), ("teacher_loss", "teacher loss")] {
            var series: [Series] = []
            for (i, m) in methods.enumerated() {
                let values = perCase(report, "\(m).\(quantity)")
                let idx = order.filter { values[report.cases[$0]] != nil }
                guard !idx.isEmpty else { continue }
                series.append(Series("\(names[m] ?? m) (±1 SD)", style: .errorLines,
                                     columns: [idx.map { axis.x[$0] }, idx.map { values[report.cases[$0]]!.mean }, idx.map { values[report.cases[$0]]!.sd }],
                                     color: palette[i % palette.count], width: 1.5))
            }
            guard !series.isEmpty else { continue }
            panels.append(Panel(title: label, xLabel: axis.name ?? "case", yLabel: label, logX: axis.name != nil && (axis.x.max() ?? 1) / max(axis.x.min() ?? 1, 1e-300) >= 8,
                                series: series, key: "top right"))
        }
        guard !panels.isEmpty else { return nil }
        return Figure(name: "merging", title: "Merging methods compared", subtitle: subtitle, panels: panels, columns: panels.count)
    }

    /// std of each tensor kind against depth, with ±1 SD over replicates and the scheduled std.
    static func depthFigure(_ report: ScenarioReport, subtitle: String) -> Figure? {
        let withDepth = report.summaries.filter { $0.depth != nil && $0.quantity == "std" }
        guard Set(withDepth.compactMap(\.depth)).count >= 2 else { return nil }
        var series: [Series] = []
        let kinds = Array(Set(withDepth.map { kind(of: $0.tensor) })).sorted()
        for (i, k) in kinds.enumerated() {
            let rows = withDepth.filter { kind(of: $0.tensor) == k && $0.caseLabel == withDepth[0].caseLabel }.sorted { $0.depth! < $1.depth! }
            series.append(Series("std of \(k) (±1 SD)", style: .errorLines, columns: [rows.map { Double($0.depth!) }, rows.map(\.mean), rows.map(\.sd)],
                                 color: palette[i % palette.count]))
            let schedule = report.summaries.filter { $0.quantity == "schedule_std" && kind(of: $0.tensor) == k && $0.caseLabel == withDepth[0].caseLabel }
                .sorted { ($0.depth ?? 0) < ($1.depth ?? 0) }
            if !schedule.isEmpty {
                series.append(Series("schedule for \(k)", style: .lines, columns: [schedule.map { Double($0.depth ?? 0) }, schedule.map(\.mean)],
                                     color: palette[i % palette.count], width: 1.5, dash: 2))
            }
        }
        let values = withDepth.map(\.mean).filter { $0 > 0 }
        let logY = (values.max() ?? 1) / max(values.min() ?? 1, 1e-300) >= 10
        let panel = Panel(title: "std against depth (\(withDepth[0].caseLabel))", xLabel: "layer index", yLabel: "std", logY: logY,
                          series: series, key: "bottom right")
        return Figure(name: "std_by_depth", title: "Standard deviation across depth", subtitle: subtitle, panels: [panel])
    }

    /// Each tensor's Monte Carlo mean skewness and excess kurtosis, per case.
    static func cullenFreyPoints(_ report: ScenarioReport) -> [(name: String, skewness: Double, excessKurtosis: Double)] {
        let skew = report.summaries.filter { $0.quantity == "skewness" }
        return skew.compactMap { s in
            guard let k = report.summaries.first(where: { $0.quantity == "excess_kurtosis" && $0.tensor == s.tensor && $0.caseLabel == s.caseLabel }) else { return nil }
            return ("\(s.tensor) (\(s.caseLabel))", s.mean, k.mean)
        }
    }

    static func kind(of tensor: String) -> String {
        let parts = tensor.split(separator: ".")
        if parts.count >= 3, parts[0] == "layers" { return parts[2...].joined(separator: ".") }
        return tensor
    }

    static func moments(_ v: [Float]) -> (Double, Double) {
        let n = Double(v.count)
        let m = v.reduce(0.0) { $0 + Double($1) } / n
        let s = (v.reduce(0.0) { $0 + (Double($1) - m) * (Double($1) - m) } / n).squareRoot()
        return (m, max(s, 1e-300))
    }

    /// The best fit by AIC among the analyzer's laws (on at most 2²⁰ values), as a density of
    /// z = (w − mean)/σ: σ·(1 − π0)·p(mean + σz), π0 being the exact-zero mass of the hurdle.
    /// Nil when the best law is the Gaussian (already drawn) or cannot be built.
    static func bestFitCurve(_ values: [Float], mean m: Double, std s: Double, at z: [Double]) -> (String, [Double])? {
        let x = values.map(Double.init)
        guard let fits = try? x.withUnsafeBufferPointer({ (p) throws(AnalysisError) in try Fits.all(p) }), let best = fits.first,
              best.law != "gaussian" else { return nil }
        let p = best.parameters
        func v(_ k: String) -> String { String(p[k] ?? 0) }
        let spec: String
        switch best.law {
        case "laplace": spec = "laplace(scale=\(v("scale")), mean=\(v("mean")))"
        case "gennorm": spec = "gennorm(beta=\(v("beta")), scale=\(v("scale")), mean=\(v("mean")))"
        case "studentt": spec = "studentt(nu=\(v("nu")), scale=\(v("scale")), mean=\(v("mean")))"
        case "truncated": spec = "truncated(sigma=\(v("sigma")), c=\(v("c")))"
        case "wstar": spec = "wstar(sigma=\(v("sigma")), c=\(v("c")), outliers=\(v("outliers")), outlier_scale=\(v("outlier_scale")))"
        default: return nil
        }
        guard let law = try? parseLaw(spec) else { return nil }
        let keep = 1 - (p["pi0"] ?? 0)
        return ("best fit: \(best.law) (AIC)", z.map { s * keep * law.pdf(m + s * $0) })
    }

    /// Histograms (density) of representative tensors with the fitted normal and the best-fitting
    /// law by AIC, shared σ-unit axis.
    static func histogramFigure(_ samples: [(label: String, tensor: GeneratedTensor)], subtitle: String, name: String, logY: Bool) -> Figure {
        var panels: [Panel] = []
        for (label, t) in samples.prefix(9) {
            let (m, s) = moments(t.values)
            let bins = 100
            let lo = -6.0, hi = 6.0, width = (hi - lo) / Double(bins)
            var counts = [Double](repeating: 0, count: bins)
            for v in t.values {
                let z = (Double(v) - m) / s
                let b = Int((z - lo) / width)
                if b >= 0 && b < bins { counts[b] += 1 }
            }
            let n = Double(t.values.count)
            let centres = (0..<bins).map { lo + (Double($0) + 0.5) * width }
            let density = counts.map { $0 / (n * width) }
            let curveX = stride(from: lo, through: hi, by: 0.05).map { $0 }
            let gauss = curveX.map { SpecialFunctions.normalPDF($0) }
            let shown = logY ? density.map { $0 > 0 ? $0 : Double.nan } : density
            var series = [Series("weights", style: .steps, columns: [centres, shown], color: palette[0], width: 1.5),
                          Series("fitted normal", style: .lines, columns: [curveX, gauss], color: palette[1], width: 1.5, dash: 2)]
            if let (fitLabel, curve) = bestFitCurve(t.values, mean: m, std: s, at: curveX) {
                series.append(Series(fitLabel, style: .lines, columns: [curveX, logY ? curve.map { $0 > 0 ? $0 : .nan } : curve],
                                     color: palette[2], width: 2))
            }
            panels.append(Panel(title: "\(t.name) — \(label)", xLabel: "(w − mean)/σ", yLabel: "density", logY: logY,
                                xRange: lo...hi, yRange: logY ? 1e-6...1e1 : nil, series: series))
        }
        return Figure(name: name, title: "Weight histograms with the fitted normal and the best fit by AIC" + (logY ? " (log scale)" : ""),
                      subtitle: subtitle, panels: panels, columns: min(3, panels.count), panelWidth: 520, panelHeight: 360)
    }

    /// Q–Q plots against the normal (500 evenly spaced order statistics).
    static func qqFigure(_ samples: [(label: String, tensor: GeneratedTensor)], subtitle: String) -> Figure {
        var panels: [Panel] = []
        for (label, t) in samples.prefix(9) {
            let (m, s) = moments(t.values)
            let sorted = t.values.sorted()
            let k = min(500, sorted.count)
            var theoretical: [Double] = [], empirical: [Double] = []
            for i in 0..<k {
                let p = (Double(i) + 0.5) / Double(k)
                theoretical.append(SpecialFunctions.normalQuantile(p))
                empirical.append((Double(sorted[min(sorted.count - 1, Int(p * Double(sorted.count)))]) - m) / s)
            }
            let line = [-4.0, 4.0]
            panels.append(Panel(title: "\(t.name) — \(label)", xLabel: "normal quantile", yLabel: "sample quantile (σ units)",
                                series: [Series("sample", style: .points, columns: [theoretical, empirical], color: palette[0]),
                                         Series("y = x", style: .lines, columns: [line, line], color: palette[1], width: 1, dash: 2)],
                                key: "top left"))
        }
        return Figure(name: "qq", title: "Q–Q plots against the normal", subtitle: subtitle, panels: panels,
                      columns: min(3, panels.count), panelWidth: 480, panelHeight: 400)
    }

    /// Eigenvalue density of W·Wᵀ/n against Marchenko–Pastur, spikes marked, for 2-D tensors.
    static func spectrumFigure(_ samples: [(label: String, tensor: GeneratedTensor)], subtitle: String) -> Figure? {
        var panels: [Panel] = []
        for (label, t) in samples.prefix(6) where t.shape.count == 2 && max(t.shape[0], t.shape[1]) <= 2048 && min(t.shape[0], t.shape[1]) >= 16 {
            let x = t.values.map(Double.init)
            guard let s = try? x.withUnsafeBufferPointer({ (p) throws(AnalysisError) in try SpectrumCheck.run(p, rows: t.shape[0], columns: t.shape[1]) }) else { continue }
            if s.mpSigma2 == 0 {
                // Rank-deficient (no bulk): a scree plot of the largest eigenvalues, the spikes above round-off.
                let top = Array(s.eigenvalues.reversed().prefix(max(2 * s.spikes, 10)))
                let idx = top.indices.map { Double($0 + 1) }
                panels.append(Panel(title: "\(t.name) — \(label): rank \(s.spikes)", xLabel: "eigenvalue rank", yLabel: "eigenvalue of W·Wᵀ/n",
                                    logY: true, xRange: 0.5...(Double(top.count) + 0.5), series: [Series("eigenvalues", style: .impulses, columns: [idx, top.map { max($0, 1e-300) }], color: palette[0])],
                                    markers: [.init(x: Double(s.spikes) + 0.5, label: "numerical rank")]))
                continue
            }
            // In units of the fitted σ² the Marchenko–Pastur law is the standard one on (1 ± √q)².
            let unit = s.mpSigma2 > 0 ? s.mpSigma2 : 1
            let eig = s.eigenvalues.map { $0 / unit }
            let lp = s.lambdaPlus / unit, lm = s.lambdaMinus / unit
            let top = max(eig.last ?? 1, lp) * 1.05
            let bins = 60, width = top / Double(bins)
            var counts = [Double](repeating: 0, count: bins)
            for l in eig { counts[min(bins - 1, max(0, Int(l / width)))] += 1 }
            let centres = (0..<bins).map { (Double($0) + 0.5) * width }
            let density = counts.map { $0 / (Double(eig.count) * width) }
            let q = s.ratio
            // Rank-deficient matrices have no bulk (σ̂² = 0): only the histogram is drawn.
            let curveX = lp > lm ? stride(from: lm, through: lp, by: (lp - lm) / 200).map { $0 } : []
            let mp = curveX.map { l -> Double in
                let v = (lp - l) * (l - lm)
                return v > 0 ? v.squareRoot() / (2 * .pi * q * l) : 0
            }
            panels.append(Panel(title: "\(t.name) — \(label): \(s.spikes) spike\(s.spikes == 1 ? "" : "s")",
                                xLabel: s.mpSigma2 > 0 ? "eigenvalue of W·Wᵀ/(n·σ̂²)" : "eigenvalue of W·Wᵀ/n", yLabel: "density",
                                logY: s.mpSigma2 == 0,
                                series: [Series("eigenvalues", style: .boxes, columns: [centres, density.map { s.mpSigma2 == 0 && $0 == 0 ? .nan : $0 }], color: palette[0]),
                                         Series("Marchenko–Pastur (fitted σ²)", style: .lines, columns: [curveX, mp], color: palette[1])],
                                markers: [.init(x: s.spikeThreshold / unit, label: "edge + TW margin")]))
        }
        guard !panels.isEmpty else { return nil }
        return Figure(name: "spectrum", title: "Eigenvalues against Marchenko–Pastur", subtitle: subtitle, panels: panels,
                      columns: min(3, panels.count), panelWidth: 520, panelHeight: 380)
    }
}
