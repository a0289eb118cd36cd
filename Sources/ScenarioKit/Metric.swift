import Foundation

/// One named number a claim can test, declared once in the catalogue (``MetricCatalogue``):
/// its name, one doc line and its unit; the code that measures it emits the value under this
/// declaration, and claim validation, did-you-mean hints, the JSON Schema, `weightlab scenario
/// metrics` and the README table are generated from the same list.
///
/// A family of names carries placeholders in braces, e.g. `loss.train_at_{step}`: the experiment's
/// settings give the values (`record_steps`), ``named(_:)`` fills them in.
package struct Metric: Sendable, Hashable {
    /// Per tensor (`tensor:` claims may select) or of the whole experiment (tensor `_`).
    package enum Scope: String, Sendable {
        case tensor, experiment
    }

    /// The name, with `{placeholder}`s for a family.
    package var name: String
    /// One line: what it is, with its formula where it has one.
    package var doc: String
    /// The unit, or "" for a pure number (ratios, p-values, counts are marked as such).
    package var unit: String
    package var scope: Scope
    /// Who produces it: `analysis`, `analysis (spectrum)`, or an experiment kind such as `train`.
    package var source: String
    /// A condition on the experiment's settings under which it is produced (e.g. `record_steps`),
    /// nil when always.
    package var condition: String?

    package init(_ name: String, _ unit: String, _ doc: String, scope: Scope, source: String, condition: String? = nil) {
        self.name = name
        self.unit = unit
        self.doc = doc
        self.scope = scope
        self.source = source
        self.condition = condition
    }

    /// The placeholders of a family, in order (empty for a single name).
    package var placeholders: [String] {
        var out: [String] = [], current: String?
        for ch in name {
            if ch == "{" { current = "" } else if ch == "}", let p = current { out.append(p); current = nil } else if current != nil { current!.append(ch) }
        }
        return out
    }

    /// The concrete name with the placeholders filled in order: `loss.train_at_{step}` and 40
    /// give `loss.train_at_40`.
    package func named(_ values: any CustomStringConvertible...) -> String { named(values) }

    /// ``named(_:)`` with the values as an array.
    package func named(_ values: [any CustomStringConvertible]) -> String {
        var out = name
        for (p, v) in zip(placeholders, values) { out = out.replacingOccurrences(of: "{\(p)}", with: v.description) }
        return out
    }

    /// Every concrete name for the given placeholder values (a single name gives itself).
    package func expanded(_ values: [String: [String]]) -> [String] {
        var names = [name]
        for p in placeholders {
            names = names.flatMap { n in (values[p] ?? []).map { n.replacingOccurrences(of: "{\(p)}", with: $0) } }
        }
        return names
    }
}
