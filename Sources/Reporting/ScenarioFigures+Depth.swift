import Foundation
import ScenarioKit

extension ScenarioFigures {
    /// std against depth, per case: each tensor kind's Monte Carlo mean (points) with the 95 %
    /// confidence band of that mean, and the scheduled or theoretical std as a line. Kinds whose
    /// std differ by more than 3× (W0 and ΔW) get separate panels, so neither is flattened.
    static func depthFigure(_ report: ScenarioReport, subtitle: String) -> Figure? {
        let withDepth = report.summaries.filter { $0.depth != nil && $0.quantity == "std" }
        guard Set(withDepth.compactMap(\.depth)).count >= 2 else { return nil }
        let cases = report.cases.filter { c in withDepth.contains { $0.caseLabel == c } }.prefix(4)
        var panels: [Panel] = []
        for c in cases {
            let rows = withDepth.filter { $0.caseLabel == c }
            let kinds = Array(Set(rows.map { kind(of: $0.tensor) })).sorted()
            let median: [String: Double] = Dictionary(uniqueKeysWithValues: kinds.map { k in
                let v = rows.filter { kind(of: $0.tensor) == k }.map(\.mean).sorted()
                return (k, v[v.count / 2])
            })
            // Group kinds of similar scale (within 3× of the group's smallest).
            var groups: [[String]] = []
            for k in kinds.sorted(by: { median[$0]! < median[$1]! }) {
                if let first = groups.last?.first, median[k]! <= 3 * median[first]! { groups[groups.count - 1].append(k) } else { groups.append([k]) }
            }
            for group in groups {
                var series: [Series] = []
                for k in group {
                    let i = kinds.firstIndex(of: k)!
                    let r = rows.filter { kind(of: $0.tensor) == k }.sorted { $0.depth! < $1.depth! }
                    let d = r.map { Double($0.depth!) }, half = r.map(ci95)
                    if half.allSatisfy(\.isFinite) {
                        series.append(.band("\(kindName(k)): 95 % CI of the mean", x: d, low: zip(r, half).map { $0.mean - $1 }, high: zip(r, half).map { $0.mean + $1 }, look: .palette(i), inKey: false))
                    }
                    let n = r.first?.n ?? 0
                    series.append(Series(n < 2 ? "std of \(kindName(k))" : "\(kindName(k)): mean of \(n)\(half.allSatisfy(\.isFinite) ? " (95 % CI band)" : "")",
                                         style: .points, columns: [d, r.map(\.mean)], look: .palette(i), options: "ps 1.1"))
                    let schedule = report.summaries.filter { $0.quantity == "schedule_std" && $0.caseLabel == c && kind(of: $0.tensor) == k }
                        .sorted { ($0.depth ?? 0) < ($1.depth ?? 0) }
                    if !schedule.isEmpty {
                        let label = k == "finetuned" ? "theory √(σ0² + σΔ²)" : k == "delta" ? "schedule σΔ" : "schedule for \(kindName(k))"
                        series.insert(Series(label, style: .lines, columns: [schedule.map { Double($0.depth ?? 0) }, schedule.map(\.mean)],
                                             look: group.count == 1 ? .role(.theory) : .palette(i), options: group.count == 1 ? "" : "dt 2 lw 1.5"),
                                      at: 0)
                    }
                }
                let values = rows.filter { group.contains(kind(of: $0.tensor)) }.map(\.mean).filter { $0 > 0 }
                let logY = (values.max() ?? 1) / max(values.min() ?? 1, 1e-300) >= 10
                let depths = rows.compactMap(\.depth).map(Double.init)
                panels.append(Panel(title: (cases.count > 1 || c != "all" ? c + ": " : "") + group.map(kindName).joined(separator: ", "),
                                    xLabel: "layer index", yLabel: "std", logY: logY, xTics: tics(depths), series: series))
            }
        }
        guard !panels.isEmpty else { return nil }
        let columns = panels.count == 1 ? 1 : panels.count % 3 == 0 && panels.count > 4 ? 3 : 2
        return Figure(name: "std_by_depth", title: "Standard deviation against depth", subtitle: subtitle, panels: panels,
                      columns: columns, panelWidth: 600, panelHeight: 380)
    }
}
