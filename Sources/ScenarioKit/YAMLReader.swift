import Distributions
import Foundation
import Yams

/// A YAML node with its location, read with typed accessors that fail with a ``ScenarioError``
/// naming the file, line, column and key path.
///
/// Mappings are read strictly: ``checkKeys(_:)`` rejects keys the schema does not know, with a
/// did-you-mean suggestion.
struct YAMLReader {
    let node: Node
    let file: String
    let path: String

    /// Limits that keep the YAML composer, which recurses once per nesting level, far from the
    /// end of the stack: flow nesting (`{`, `[`) and indentation, and the size of the file.
    static let maxFlowDepth = 64, maxIndentation = 256, maxBytes = 4 << 20

    /// Rejects documents nested deeper than a scenario ever needs (brackets are counted even inside
    /// quotes: conservative, and no law spec or expression nests 64 deep).
    static func checkNesting(_ text: String, file: String) throws(ScenarioError) {
        guard text.utf8.count <= maxBytes else {
            throw ScenarioError(file: file, line: 1, message: "the file is larger than \(maxBytes >> 20) MB; a scenario is a few kilobytes")
        }
        var depth = 0, line = 1, column = 0, atLineStart = true
        for byte in text.utf8 {
            if byte == UInt8(ascii: "\n") { line += 1; column = 0; atLineStart = true; continue }
            column += 1
            if atLineStart {
                if byte == UInt8(ascii: " ") {
                    if column > maxIndentation {
                        throw ScenarioError(file: file, line: line, column: column, message: "indented deeper than \(maxIndentation) columns")
                    }
                    continue
                }
                atLineStart = false
            }
            if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") {
                depth += 1
                if depth > maxFlowDepth {
                    throw ScenarioError(file: file, line: line, column: column, message: "nested deeper than \(maxFlowDepth) levels")
                }
            } else if byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") {
                depth = Swift.max(0, depth - 1)
            }
        }
    }

    /// Parses `text` (the contents of `file`); a YAML syntax error is reported at its line.
    static func parse(_ text: String, file: String) throws(ScenarioError) -> YAMLReader {
        try checkNesting(text, file: file)
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw ScenarioError(file: file, line: 1, message: "the file is empty")
            }
            return YAMLReader(node: node, file: file, path: "")
        } catch let error as ScenarioError {
            throw error
        } catch let error as YamlError {
            throw ScenarioError(file: file, line: error.line, column: error.column, message: "YAML syntax error: \(error.summary)")
        } catch {
            throw ScenarioError(file: file, line: 1, message: "YAML syntax error: \(error)")
        }
    }

    var line: Int { node.mark?.line ?? 0 }
    var column: Int { node.mark?.column ?? 0 }

    /// An error located at this node.
    func error(_ message: String, cause: (any Error)? = nil) -> ScenarioError {
        ScenarioError(file: file, line: line, column: column, keyPath: path, message: message, cause: cause)
    }

    /// A lower layer's error located at this node: its description is the message, the error
    /// itself the cause.
    func error(_ cause: any Error) -> ScenarioError {
        error(String(describing: cause), cause: cause)
    }

    private var kind: String {
        switch node {
        case .scalar: return "a scalar"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        }
    }

    // MARK: Mappings

    /// The keys of this mapping in file order.
    /// The mapping's keys in order; duplicate or non-string keys are errors.
    func keys() throws(ScenarioError) -> [String] {
        guard case let .mapping(m) = node else { throw error("expected a mapping, found \(kind)") }
        var seen = Set<String>(), out: [String] = []
        for k in m.keys {
            guard let key = k.string else { throw error("keys must be strings") }
            if !seen.insert(key).inserted { throw YAMLReader(node: k, file: file, path: join(key)).error("duplicate key '\(key)'") }
            out.append(key)
        }
        return out
    }

    /// Rejects keys outside `allowed`, suggesting the closest allowed key; rejects duplicates.
    func checkKeys(_ allowed: [String]) throws(ScenarioError) {
        guard case let .mapping(m) = node else { throw error("expected a mapping, found \(kind)") }
        var seen = Set<String>()
        for (k, _) in m {
            guard let key = k.string else { throw error("keys must be strings") }
            let child = YAMLReader(node: k, file: file, path: join(key))
            if !seen.insert(key).inserted { throw child.error("duplicate key '\(key)'") }
            if !allowed.contains(key) {
                let hint = Suggestion.closest(to: key, among: allowed).map { " (did you mean '\($0)'?)" } ?? ""
                throw ScenarioError(file: file, line: child.line, column: child.column, keyPath: path,
                                    message: "unknown key '\(key)'\(hint); allowed: \(allowed.joined(separator: ", "))")
            }
        }
    }

    /// The value under `key`, or nil when absent or null.
    func optional(_ key: String) throws(ScenarioError) -> YAMLReader? {
        guard case let .mapping(m) = node else { throw error("expected a mapping, found \(kind)") }
        guard let value = m[key] else { return nil }
        // YAML's null (`~`, `null` or nothing, unquoted) means the key is not set.
        if case let .scalar(s) = value, s.tag == .init(.null) || (s.style == .plain && ["", "~", "null", "Null", "NULL"].contains(s.string)) {
            return nil
        }
        return YAMLReader(node: value, file: file, path: join(key))
    }

    /// The value under `key`; a missing key is an error located at this mapping.
    func require(_ key: String) throws(ScenarioError) -> YAMLReader {
        guard let value = try optional(key) else { throw error("missing required key '\(key)'") }
        return value
    }

    // MARK: Sequences

    /// The elements of this list (a scalar counts as a one-element list when `lenient`).
    func elements(lenient: Bool = false) throws(ScenarioError) -> [YAMLReader] {
        switch node {
        case let .sequence(s):
            return s.enumerated().map { YAMLReader(node: $0.element, file: file, path: "\(path)[\($0.offset)]") }
        case .scalar where lenient:
            return [self]
        default:
            throw error("expected a list, found \(kind)")
        }
    }

    // MARK: Scalars

    func string() throws(ScenarioError) -> String {
        guard case let .scalar(s) = node else { throw error("expected a string, found \(kind)") }
        return s.string
    }

    func double() throws(ScenarioError) -> Double {
        guard case let .scalar(s) = node else { throw error("expected a number, found \(kind)") }
        let text = s.string.trimmingCharacters(in: .whitespaces).lowercased()
        switch text {
        case ".inf", "inf", "+inf", "+.inf": return .infinity
        case "-.inf", "-inf": return -.infinity
        default: break
        }
        guard let v = Double(text), !v.isNaN else { throw error("expected a number, found '\(s.string)'") }
        return v
    }

    func int() throws(ScenarioError) -> Int {
        guard case let .scalar(s) = node else { throw error("expected an integer, found \(kind)") }
        guard let v = Int(s.string.trimmingCharacters(in: .whitespaces)) else {
            throw error("expected an integer, found '\(s.string)'")
        }
        return v
    }

    func bool() throws(ScenarioError) -> Bool {
        guard case let .scalar(s) = node else { throw error("expected true or false, found \(kind)") }
        switch s.string.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw error("expected true or false, found '\(s.string)'")
        }
    }

    /// A scalar or a list of scalars, as numbers.
    func doubles() throws(ScenarioError) -> [Double] {
        var out: [Double] = []
        for e in try elements(lenient: true) { out.append(try e.double()) }
        return out
    }

    var isScalar: Bool { if case .scalar = node { return true } else { return false } }
    var isMapping: Bool { if case .mapping = node { return true } else { return false } }
    var isSequence: Bool { if case .sequence = node { return true } else { return false } }

    private func join(_ key: String) -> String { path.isEmpty ? key : path + "." + key }
}

extension YamlError {
    var line: Int {
        switch self {
        case let .scanner(_, _, mark, _), let .parser(_, _, mark, _), let .composer(_, _, mark, _): return mark.line
        default: return 1
        }
    }

    var column: Int {
        switch self {
        case let .scanner(_, _, mark, _), let .parser(_, _, mark, _), let .composer(_, _, mark, _): return mark.column
        default: return 0
        }
    }

    var summary: String {
        switch self {
        case let .scanner(_, problem, _, _), let .parser(_, problem, _, _), let .composer(_, problem, _, _): return problem
        default: return "\(self)"
        }
    }
}
