import Simulation
import TensorIO

/// Case grids and lists, and explicit layer lists of drift models.
extension ScenarioLoader {
    /// `[{name: attn.q, shape: 64x64, depth: 0, module: q_proj}, …]`: names unique, depths ≥ 0.
    static func parseLayerList(_ list: YAMLReader) throws(ScenarioError) -> [LayerSpec] {
        var out: [LayerSpec] = []
        var names = Set<String>()
        for item in try list.elements() {
            try item.checkKeys(["name", "shape", "depth", "module"])
            let nameNode = try item.require("name")
            let name = try nameNode.string()
            guard !name.isEmpty, !name.contains(where: \.isWhitespace) else { throw nameNode.error("a layer name must be non-empty, without spaces") }
            guard names.insert(name).inserted else { throw nameNode.error("duplicate layer name '\(name)'") }
            let shapeNode = try item.require("shape")
            let shape = try parseShape(shapeNode)
            guard shape.count == 2 else { throw shapeNode.error("a layer needs a matrix shape (rows x columns), got \(shape)") }
            let depthNode = try item.require("depth")
            let depth = try depthNode.int()
            guard depth >= 0, depth < 10_000 else { throw depthNode.error("depth must be in [0, 10000), got \(depth)") }
            let module = try item.optional("module").map { (m) throws(ScenarioError) in ModuleKind(rawValue: try m.string()) } ?? .other
            out.append(LayerSpec(name: name, shape: shape, depth: depth, module: module))
        }
        guard !out.isEmpty else { throw list.error("an explicit model needs at least one layer") }
        return out
    }

    /// One value of a grid axis: the variables it binds and its part of the case label.
    private typealias GridValue = (bindings: [(String, String)], label: String)

    /// `cases: {grid: {r: [1, 2]}}` (cartesian product, first variable slowest) or
    /// `cases: [{r: 1}, {r: 2, label: rank two}]`. A grid value may be a mapping that binds several
    /// variables at once, `alt: [{law: …, rank: 8, label: rank-8}, …]` (then `${alt}` is its label,
    /// unless the mapping binds `alt` itself).
    static func parseCases(_ root: YAMLReader) throws(ScenarioError) -> [ScenarioCase] {
        guard let node = try root.optional("cases") else { return [.single] }
        var out: [ScenarioCase] = []
        if node.isMapping {
            try node.checkKeys(["grid"])
            let grid = try node.require("grid")
            let names = try grid.keys()
            guard !names.isEmpty else { throw grid.error("a grid needs at least one variable") }
            var axes: [[GridValue]] = []
            var bound = Set<String>()
            for n in names {
                let axisNode = try grid.require(n)
                var axis: [GridValue] = []
                for e in try axisNode.elements(lenient: true) {
                    guard e.isMapping else { axis.append(([(n, try e.string())], "\(n)=\(try e.string())")); continue }
                    var bindings: [(String, String)] = [], label: String?
                    for k in try e.keys() {
                        let v = try e.require(k).string()
                        if k == "label" { label = v } else { bindings.append((k, v)) }
                    }
                    guard !bindings.isEmpty else { throw e.error("a grid value that is a mapping binds at least one variable") }
                    let text = bindings.map { "\($0.0)=\($0.1)" }.joined(separator: ", ")
                    // The axis name is bound to the label, unless the mapping binds it itself.
                    if let label, !bindings.contains(where: { $0.0 == n }) { bindings.insert((n, label), at: 0) }
                    if let first = axis.first, Set(first.bindings.map(\.0)) != Set(bindings.map(\.0)) {
                        throw e.error("every value of '\(n)' must bind the same variables: \(first.bindings.map(\.0).joined(separator: ", "))")
                    }
                    axis.append((bindings, label.map { "\(n)=\($0)" } ?? text))
                }
                guard let first = axis.first else { throw axisNode.error("needs at least one value") }
                for (v, _) in first.bindings where !bound.insert(v).inserted { throw axisNode.error("variable '\(v)' is bound twice in the grid") }
                axes.append(axis)
            }
            var combos: [[GridValue]] = [[]]
            for axis in axes { combos = combos.flatMap { prefix in axis.map { prefix + [$0] } } }
            for combo in combos {
                let bindings = combo.flatMap(\.bindings)
                out.append(ScenarioCase(label: combo.map(\.label).joined(separator: ", "),
                                        values: Dictionary(uniqueKeysWithValues: bindings), order: bindings.map(\.0)))
            }
        } else {
            for item in try node.elements() {
                var values: [String: String] = [:]
                var order: [String] = []
                var label: String?
                for k in try item.keys() {
                    let v = try item.require(k).string()
                    if k == "label" { label = v } else { values[k] = v; order.append(k) }
                }
                out.append(ScenarioCase(label: label ?? order.map { "\($0)=\(values[$0]!)" }.joined(separator: ", "),
                                        values: values, order: order))
            }
        }
        guard !out.isEmpty else { throw node.error("no cases") }
        var labels = Set<String>()
        for c in out where !labels.insert(c.label).inserted { throw node.error("duplicate case '\(c.label)'") }
        return out
    }
}
