import Analysis
import Foundation
import GSLKit
import ScenarioKit

/// The figures of a scenario run, drawn from its report and, when given, from regenerated
/// replicate-0 tensors.
package enum ScenarioFigures {
    /// Every figure that applies to this report. `samples` are replicate-0 tensors (at most nine
    /// are drawn); `spec` is the scenario's experiment in one line (``spec(fromYAML:)``).
    package static func make(_ report: ScenarioReport, samples: [PlotSample] = [], spec: String? = nil) -> [Figure] {
        let subtitle = subtitle(report, spec: spec, fromSamples: false)
        var figures: [Figure] = []
        if let f = claimsFigure(report, subtitle: subtitle) { figures.append(f) }
        if let f = kurtosisRankFigure(report, subtitle: subtitle) { figures.append(f) }
        if let f = depthFigure(report, subtitle: subtitle) { figures.append(f) }
        if let f = sigmaGapFigure(report, subtitle: subtitle) { figures.append(f) }
        if let f = displacementFigure(report, subtitle: subtitle) { figures.append(f) }
        if let f = mergingFigure(report, subtitle: subtitle) { figures.append(f) }
        if let f = filtersFigure(report, subtitle: subtitle) { figures.append(f) }
        if let f = AnalysisFigures.cullenFrey(points: cullenFreyPoints(report), subtitle: subtitle) { figures.append(f) }
        let plottable = Array(samples.filter { $0.tensor.values.count >= 64 }.prefix(9))
        if !plottable.isEmpty {
            let sampleSubtitle = self.subtitle(report, spec: spec, fromSamples: true)
            figures += SampleFigures.make(plottable, subtitle: sampleSubtitle,
                                          shapes: spec?.contains("mixture(") == true, filters: report.summaries.contains { $0.quantity.hasPrefix("filters.") })
        }
        return figures
    }

    /// Provenance: scenario, seed, generator, replicates, version; the spec on a second line.
    static func subtitle(_ report: ScenarioReport, spec: String?, fromSamples: Bool) -> String {
        // Figures rewrap the spec line to their width (GnuplotScript).
        let what = fromSamples ? "replicate 0 of each case" : "\(report.replicates) replicate\(report.replicates == 1 ? "" : "s") per case"
        var s = "\(report.scenario): seed \(report.seed) (\(report.generator)), \(what), WeightLab \(report.weightlabVersion)"
        if let spec, !spec.isEmpty { s += "\nspec: " + spec }
        return s
    }

    /// The `experiment:` section of a scenario YAML in one line, e.g.
    /// `sample: law: mixture(scale=${scale}, by=${by}, sigma=0.02), shape: 512x512`.
    package static func spec(fromYAML text: String) -> String? {
        let lines = text.components(separatedBy: "\n")
        guard let start = lines.firstIndex(where: { $0.hasPrefix("experiment:") }) else { return nil }
        let inline = lines[start].dropFirst("experiment:".count).trimmingCharacters(in: .whitespaces)
        if !inline.isEmpty, !inline.hasPrefix("#") { return inline }
        var out = ""
        for line in lines[(start + 1)...] {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            if !(line.first?.isWhitespace ?? false) { break }
            let content = stripComment(trimmed)
            if !out.isEmpty { out += out.hasSuffix(":") ? " " : ", " }
            out += content
        }
        return out.isEmpty ? nil : out
    }

    /// The spec line of a scenario's figures: its experiment (``spec(fromYAML:)``), then the
    /// values of cases whose labels do not spell them out (`gaussian: law=gaussian(sigma=0.02)`).
    package static func spec(fromYAML text: String, cases: [ScenarioCase]) -> String? {
        guard let experiment = spec(fromYAML: text) else { return nil }
        let custom = cases.filter { c in c.label != c.order.map { "\($0)=\(c.values[$0] ?? "")" }.joined(separator: ", ") && !c.values.isEmpty }
        guard !custom.isEmpty else { return experiment }
        return experiment + "; cases: " + custom.map { c in
            c.label + ": " + c.order.filter { $0 != "label" }.map { "\($0)=\(c.values[$0] ?? "")" }.joined(separator: ", ")
        }.joined(separator: "; ")
    }

    /// A YAML line without its trailing comment (a `#` after a space, outside quotes).
    static func stripComment(_ line: String) -> String {
        var quote: Character?
        var previous: Character = " "
        for (i, ch) in line.enumerated() {
            if let q = quote { if ch == q { quote = nil } } else if ch == "\"" || ch == "'" { quote = ch } else if ch == "#", previous == " " {
                return String(line.prefix(i)).trimmingCharacters(in: .whitespaces)
            }
            previous = ch
        }
        return line
    }

    /// `text` broken after ", " or "; " into lines of at most about `width` characters.
    static func wrap(_ text: String, width: Int) -> [String] {
        guard text.count > width else { return [text] }
        // Pieces that each end with their separator (", " or "; ").
        var pieces: [String] = [], piece = ""
        var previous: Character = " "
        for ch in text {
            if ch == " ", previous == "," || previous == ";" { pieces.append(piece); piece = "" } else { piece.append(ch) }
            previous = ch
        }
        pieces.append(piece)
        var lines: [String] = [], current = ""
        for p in pieces {
            let candidate = current.isEmpty ? p : current + " " + p
            if candidate.count > width, !current.isEmpty {
                lines.append(current)
                current = p
            } else {
                current = candidate
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }

    /// `text` broken at spaces into lines of at most about `width` characters.
    static func wrapWords(_ text: String, width: Int) -> [String] {
        guard text.count > width else { return [text] }
        var lines: [String] = [], current = ""
        for word in text.split(separator: " ") {
            if !current.isEmpty, current.count + 1 + word.count > width {
                lines.append(current)
                current = String(word)
            } else {
                current += (current.isEmpty ? "" : " ") + word
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }

    // MARK: Case axes

    /// A case label ("alt=truncated(sigma=1, c=2), n=96") split into its variables, at the commas
    /// outside parentheses.
    static func caseVariables(_ label: String) -> [(name: String, value: String)] {
        var parts: [String] = [], depth = 0, current = ""
        for ch in label {
            if ch == "(" || ch == "[" || ch == "{" { depth += 1 } else if ch == ")" || ch == "]" || ch == "}" { depth -= 1 }
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
    /// numeric one that varies), with one group per combination of the other variables; or,
    /// when no variable is numeric, by case number with the labels as ticks.
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
                let others = names.indices.filter { $0 != k }
                // A single other variable is shown by its value alone: the legend names it once.
                let group = vars.map { v in others.map { others.count == 1 ? v[$0].value : "\(v[$0].name)=\(v[$0].value)" }.joined(separator: ", ") }
                return CaseAxis(name: names[k], x: vars.map { Double($0[k].value)! }, group: group)
            }
        }
        return CaseAxis(name: nil, x: labels.indices.map { Double($0 + 1) }, group: labels.map { _ in "" })
    }

    /// Ticks at the values of a swept variable (integers shown as integers), when there are few.
    static func tics(_ xs: [Double]) -> [Panel.Tic] {
        let distinct = Array(Set(xs)).sorted()
        guard distinct.count <= 12 else { return [] }
        return distinct.map { Panel.Tic($0, $0 == $0.rounded() && abs($0) < 1e9 ? String(Int($0)) : String(format: "%g", $0)) }
    }

    /// The axis range of a swept variable: padded, in log space when `log`.
    static func sweepRange(_ xs: [Double], log: Bool) -> ClosedRange<Double> {
        let lo = xs.min() ?? 0, hi = xs.max() ?? 1
        if log { return (lo / pow(hi / lo, 0.06))...(hi * pow(hi / lo, 0.06)) }
        let pad = 0.06 * max(hi - lo, 1e-12)
        return (lo - pad)...(hi + pad)
    }

    // MARK: Summaries

    /// Summaries of one quantity, per case, for the first tensor that has it.
    static func perCase(_ report: ScenarioReport, _ quantity: String) -> [String: ScenarioReport.QuantitySummary] {
        var out: [String: ScenarioReport.QuantitySummary] = [:]
        for s in report.summaries where s.quantity == quantity && out[s.caseLabel] == nil { out[s.caseLabel] = s }
        return out
    }

    /// Half-width of the 95 % confidence interval of a Monte Carlo mean: t(0.975, n − 1)·sd/√n;
    /// NaN with fewer than two replicates.
    static func ci95(_ s: ScenarioReport.QuantitySummary) -> Double {
        guard s.n >= 2, s.sd.isFinite else { return .nan }
        return SpecialFunctions.studentTQuantile(0.975, dof: Double(s.n - 1)) * s.sd / Double(s.n).squareRoot()
    }

    /// Each tensor's Monte Carlo mean skewness and excess kurtosis, per case.
    static func cullenFreyPoints(_ report: ScenarioReport) -> [(name: String, skewness: Double, excessKurtosis: Double)] {
        let skew = report.summaries.filter { $0.quantity == "skewness" }
        return skew.compactMap { s in
            guard let k = report.summaries.first(where: { $0.quantity == "excess_kurtosis" && $0.tensor == s.tensor && $0.caseLabel == s.caseLabel }) else { return nil }
            return ("\(s.tensor) (\(s.caseLabel))", s.mean, k.mean)
        }
    }

    /// The kind of a layer tensor (`layers.3.delta` → `delta`).
    static func kind(of tensor: String) -> String {
        let parts = tensor.split(separator: ".")
        if parts.count >= 3, parts[0] == "layers" { return parts[2...].joined(separator: ".") }
        return tensor
    }

    /// A readable name of a tensor kind.
    static func kindName(_ kind: String) -> String {
        switch kind {
        case "delta": return "ΔW"
        case "pretrained": return "W0 (pre-trained)"
        case "finetuned": return "W = W0 + ΔW"
        case let k where k.hasPrefix("delta_at_"): return "ΔW at step \(k.dropFirst("delta_at_".count))"
        default: return kind
        }
    }
}
