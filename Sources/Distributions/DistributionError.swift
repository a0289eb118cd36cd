/// A law that cannot be built from the given parameters, or a spec that cannot be parsed.
public enum DistributionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A parameter outside its domain: the key and what was wrong.
    case invalidParameter(String, String)
    /// A required key was not given.
    case missingParameter(law: String, key: String)
    /// A key the law does not take.
    case unknownParameter(law: String, key: String, suggestion: String?)
    /// A law name that is not known.
    case unknownLaw(String, suggestion: String?)
    /// A spec string that does not parse, with the character offset.
    case syntax(String, offset: Int)

    public var description: String {
        switch self {
        case let .invalidParameter(key, why): return "parameter '\(key)' \(why)"
        case let .missingParameter(law, key): return "\(law): missing parameter '\(key)'"
        case let .unknownParameter(law, key, suggestion):
            return "\(law): unknown parameter '\(key)'" + (suggestion.map { " (did you mean '\($0)'?)" } ?? "")
        case let .unknownLaw(name, suggestion):
            return "unknown law '\(name)'" + (suggestion.map { " (did you mean '\($0)'?)" } ?? "")
        case let .syntax(what, offset): return "spec syntax error at character \(offset): \(what)"
        }
    }
}
