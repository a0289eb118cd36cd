import Foundation

/// One point of a scenario's sweep: named values substituted for `${name}` in the experiment and
/// bound as variables in claim expressions.
public struct ScenarioCase: Sendable, Equatable {
    /// A label such as `r=8, shape=256x256`, unique within the scenario.
    public var label: String
    /// The bound values, as written (numbers keep their text so `${r}` substitutes exactly).
    public var values: [String: String]
    /// The order the variables were declared in.
    public var order: [String]

    public init(label: String, values: [String: String], order: [String]) {
        self.label = label
        self.values = values
        self.order = order
    }

    /// The single case of a scenario without a sweep.
    public static let single = ScenarioCase(label: "all", values: [:], order: [])

    /// Numeric variables, for claim expressions.
    public var numbers: [String: Double] {
        values.compactMapValues { Double($0) }
    }

    /// `text` with every `${name}` replaced by this case's value, in declaration order; unknown
    /// names are left as they are (validation reports them).
    public func substitute(_ text: String) -> String {
        guard text.contains("${") else { return text }
        var out = text
        for k in order { if let v = values[k] { out = out.replacingOccurrences(of: "${\(k)}", with: v) } }
        return out
    }
}
