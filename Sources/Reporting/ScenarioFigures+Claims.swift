import Foundation
import ScenarioKit

extension ScenarioFigures {
    /// What a claim expected, read from its `expected` text.
    enum Expectation {
        /// "= v ± k SE"
        case value(Double)
        /// "≥ b", "≤ b", "open question (threshold t)"
        case bound(Double, String)
        /// "in [a, b] …"
        case band(Double, Double)
        case none

        init(_ text: String) {
            func number(_ s: Substring) -> Double? { Double(s.prefix { "-+0123456789.eE".contains($0) }) }
            if text.hasPrefix("= "), let v = number(text.dropFirst(2)) { self = .value(v); return }
            if text.hasPrefix("≥ "), let v = number(text.dropFirst(2)) { self = .bound(v, "bound ≥ \(text.dropFirst(2))"); return }
            if text.hasPrefix("≤ "), let v = number(text.dropFirst(2)) { self = .bound(v, "bound ≤ \(text.dropFirst(2))"); return }
            if text.hasPrefix("in ["), let comma = text.firstIndex(of: ","),
               let a = number(text[text.index(text.startIndex, offsetBy: 4)...]), let b = number(text[text.index(after: comma)...].drop { $0 == " " }) {
                self = .band(a, b); return
            }
            if let r = text.range(of: "threshold "), let v = number(text[r.upperBound...]) { self = .bound(v, "threshold \(text[r.upperBound...].dropLast())"); return }
            self = .none
        }
    }

    /// Measured value (with its 95 % CI) against the expectation, one panel per claim: against the
    /// swept variable when there is one (power curves against n, kurtosis against rank), one
    /// series per value of the other variables, named once in a legend shared by the panels.
    static func claimsFigure(_ report: ScenarioReport, subtitle: String) -> Figure? {
        var names: [String] = []
        for c in report.claims where !names.contains(c.claim) { names.append(c.claim) }
        var claims: [(name: String, rows: [ClaimResult], axis: CaseAxis, groups: [String])] = []
        // The groups of every multi-group claim, in order of appearance: one colour each, named
        // once in a legend shared by the panels (claims may select different subsets of cases).
        var legendGroups: [String] = []
        for name in names.prefix(9) {
            let rows = report.claims.filter { $0.claim == name }
            guard rows.contains(where: { $0.value.isFinite }) else { continue }
            let axis = caseAxis(rows.map(\.caseLabel))
            var groups: [String] = []
            for g in axis.group where !groups.contains(g) { groups.append(g) }
            if groups.count > 1 { for g in groups where !legendGroups.contains(g) { legendGroups.append(g) } }
            claims.append((name, rows, axis, groups))
        }
        let shared = legendGroups.count > 1 && legendGroups.count <= 12
        let multiGroup = claims.map { $0.groups.count > 1 }
        var panels = claims.map { claimPanel($0.name, rows: $0.rows, axis: $0.axis, groups: $0.groups, legendGroups: shared ? legendGroups : []) }
        guard !panels.isEmpty else { return nil }
        var legend: [Series] = []
        if shared {
            // Panels with several groups name them in the shared legend, not in their own keys.
            for i in panels.indices where multiGroup[i] { panels[i].key = .off }
            legend = legendGroups.enumerated().map { Series.legendEntry($1, style: .errorLines, look: .palette($0)) }
            if panels.contains(where: { $0.key == .off && $0.series.contains { $0.label == "expected" } }) {
                legend.append(Series.legendEntry("expected", style: .linesPoints, look: .role(.theory), options: "ps 1.3"))
            }
            if panels.contains(where: { $0.key == .off && $0.series.contains { $0.look == .role(.reference) && $0.style == .lines } }) {
                legend.append(Series.legendEntry("the claim's bound or threshold", style: .lines, look: .role(.reference)))
            }
        }
        // One replicate (a checkpoint scenario): the statistics run over the tensors instead.
        let title = report.replicates == 1 ? "Claims: measured over the tensors (median, mean or share, 95 % CI) against expected"
            : "Claims: measured over replicates (mean or rate, 95 % CI) against expected"
        return Figure(name: "claims", title: title, subtitle: subtitle, panels: panels,
                      legend: legend, columns: min(3, panels.count), panelWidth: 560, panelHeight: 400)
    }

    /// One claim's panel. Categorical cases whose labels are the shared legend's groups (the alternatives of a power
    /// study) take the groups' colours instead of tick labels.
    static func claimPanel(_ name: String, rows: [ClaimResult], axis: CaseAxis, groups: [String], legendGroups: [String]) -> Panel {
        let numeric = axis.name != nil
        let xs = axis.x
        let logX = numeric && (xs.min() ?? 0) > 0 && (xs.max() ?? 0) / (xs.min() ?? 1) >= 10
        let expectations = rows.map { Expectation($0.expected) }
        let isRate = rows[0].statistic == "rejection_rate" || rows[0].statistic == "fraction"
        let low = rows.map { $0.ciLow.isFinite ? $0.ciLow : $0.value }, high = rows.map { $0.ciHigh.isFinite ? $0.ciHigh : $0.value }
        let expectedValues = expectations.compactMap { if case let .value(v) = $0 { return v } else { return nil } }
        let positive = (low + rows.map(\.value) + expectedValues).allSatisfy { $0 > 0 }
        let spread = (high.max() ?? 1) / max(low.min() ?? 1, 1e-300)
        let logY = !isRate && positive && spread >= 20
        var series: [Series] = []
        for (gi, g) in groups.enumerated() {
            let idx = rows.indices.filter { axis.group[$0] == g }.sorted { xs[$0] < xs[$1] }
            let look = Series.Look.palette(groups.count == 1 ? 0 : legendGroups.firstIndex(of: g) ?? gi)
            series.append(Series((g.isEmpty ? "measured (95 % CI)" : g), style: numeric && idx.count > 1 ? .errorLines : .errorBars,
                                 columns: [idx.map { xs[$0] }, idx.map { rows[$0].value }, idx.map { low[$0] }, idx.map { high[$0] }], look: look))
            let withValue = idx.filter { if case .value = expectations[$0] { return true } else { return false } }
            if !withValue.isEmpty {
                let values = withValue.map { i -> Double in if case let .value(v) = expectations[i] { return v } else { return .nan } }
                series.append(Series("expected", style: numeric && withValue.count > 1 ? .linesPoints : .points,
                                     columns: [withValue.map { xs[$0] }, values], look: .role(.theory), options: "ps 1.3"))
            }
        }
        // Bounds, thresholds and calibration bands, drawn once across the panel.
        let range = numeric ? sweepRange(xs, log: logX) : 0.5...(Double(rows.count) + 0.5)
        var drawn: Set<String> = []
        for e in expectations {
            switch e {
            case let .bound(v, label) where !drawn.contains(label):
                drawn.insert(label)
                series.append(Series(label, style: .lines, columns: [[range.lowerBound, range.upperBound], [v, v]], look: .role(.reference)))
            case let .band(a, b) where !drawn.contains("band"):
                drawn.insert("band")
                series.insert(Series("calibration band", style: .band, columns: [[range.lowerBound, range.upperBound], [a, a], [b, b]],
                                     look: .role(.reference)), at: 0)
            default: break
            }
        }
        // Categories are named by the variables that differ between the cases.
        let vars = rows.map { caseVariables($0.caseLabel) }
        let varying = (vars.first ?? []).indices.filter { k in Set(vars.map { $0.indices.contains(k) ? $0[k].value : "" }).count > 1 }
        let categories = rows.indices.map { i in
            varying.isEmpty ? rows[i].caseLabel : varying.compactMap { vars[i].indices.contains($0) ? vars[i][$0].value : nil }.joined(separator: ", ")
        }
        var xLabel = axis.name ?? (rows.count > 1 ? "case" : "")
        var xTics: [Panel.Tic] = numeric ? tics(xs) : rows.indices.map { Panel.Tic(Double($0 + 1), shorten(categories[$0], 26)) }
        var key = Panel.Key.auto
        if !numeric, !legendGroups.isEmpty, rows.count > 1, categories.allSatisfy(legendGroups.contains) {
            series.removeAll { $0.style == .errorBars }
            for (i, r) in rows.enumerated() {
                series.append(Series(categories[i], style: .errorBars, columns: [[Double(i + 1)], [r.value], [low[i]], [high[i]]],
                                     look: .palette(legendGroups.firstIndex(of: categories[i])!), options: "ps 1.2"))
            }
            xTics = rows.indices.map { Panel.Tic(Double($0 + 1), "") }
            xLabel = (varying.first.map { vars[0][$0].name } ?? "case") + " (colours as in the legend)"
            key = .off
        }
        let longTics = !numeric && (xTics.compactMap(\.label).map(\.count).max() ?? 0) * rows.count > 60
        return Panel(title: name, xLabel: xLabel,
                     yLabel: MetricLabel.claim(metric: rows[0].metric, statistic: rows[0].statistic), logX: logX, logY: logY,
                     xRange: range, yRange: isRate ? -0.04...1.06 : nil, xTics: xTics, rotateXTics: longTics, series: series, key: key)
    }

    /// `text` cut to `n` characters at a word boundary, with an ellipsis.
    static func shorten(_ text: String, _ n: Int) -> String {
        guard text.count > n else { return text }
        let cut = text.prefix(n)
        let end = cut.lastIndex { " ,(".contains($0) } ?? cut.endIndex
        return String(cut[..<end]).trimmingCharacters(in: CharacterSet(charactersIn: " ,")) + "…"
    }
}
