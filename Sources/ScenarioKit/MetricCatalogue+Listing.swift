import Foundation

/// The catalogue rendered for people and tools: `weightlab scenario metrics` (plain text, `--json`,
/// `--markdown` for the README table) and the claim `metric` key of the JSON Schema.
extension MetricCatalogue {
    /// Who produces the metric, with its condition: `train (record_steps)`.
    static func producer(_ m: Metric) -> String {
        m.condition.map { "\(m.source) (\($0))" } ?? m.source
    }

    /// One line per metric: name, unit, producer, doc.
    package static var text: String {
        let nameWidth = all.map(\.name.count).max() ?? 0
        let unitWidth = all.map(\.unit.count).max() ?? 0
        func pad(_ s: String, _ w: Int) -> String { s + String(repeating: " ", count: max(0, w - s.count)) }
        return all.map { m in
            pad(m.name, nameWidth) + "  " + pad(m.unit.isEmpty ? "-" : m.unit, unitWidth) + "  " + m.doc + "  [" + producer(m) + "]"
        }.joined(separator: "\n") + "\n"
    }

    /// The README table (GitHub Markdown).
    package static var markdown: String {
        func cell(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|") }
        var out = "| Metric | Unit | Scope | Produced by | Meaning |\n|---|---|---|---|---|\n"
        for m in all {
            out += "| `\(cell(m.name))` | \(cell(m.unit)) | \(m.scope.rawValue) | \(cell(producer(m))) | \(cell(m.doc)) |\n"
        }
        return out
    }

    /// A JSON array of `{name, unit, scope, source, condition?, doc}` objects, in catalogue order.
    package static var json: String {
        let objects: [[String: String]] = all.map { m in
            var o = ["name": m.name, "unit": m.unit, "scope": m.scope.rawValue, "source": m.source, "doc": m.doc]
            if let c = m.condition { o["condition"] = c }
            return o
        }
        let data = try! JSONSerialization.data(withJSONObject: objects, options: [.prettyPrinted, .sortedKeys])
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// The JSON Schema of a claim's `metric`: a declared name, or a member of a declared family.
    static var schema: [String: Any] {
        let single = all.filter { $0.placeholders.isEmpty }.map(\.name)
        let families = all.filter { !$0.placeholders.isEmpty }.map { m -> String in
            var pattern = NSRegularExpression.escapedPattern(for: m.name)
            for p in m.placeholders { pattern = pattern.replacingOccurrences(of: NSRegularExpression.escapedPattern(for: "{\(p)}"), with: "[A-Za-z0-9_]+") }
            return "^" + pattern + "$"
        }
        var seen: Set<String> = []
        let names = single.filter { seen.insert($0).inserted }
        return ["anyOf": [["enum": names]] + families.map { ["type": "string", "pattern": $0] },
                "description": "a metric of the catalogue (`weightlab scenario metrics`), e.g. excess_kurtosis, ks.p_value, spectrum.spikes"]
    }
}
