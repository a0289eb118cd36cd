/// A problem with a scenario file, located by file, line, column and key path.
///
/// `description` reads like a compiler diagnostic:
/// `Scenarios/lora-rank.yaml:12:5: claims[0].expect: unknown key 'withn' (did you mean 'within'?)`
/// A problem found by a lower layer (a law that does not parse, a simulation that cannot be built)
/// is kept whole in `cause`, its description being the message.
public struct ScenarioError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The scenario file (as given on the command line).
    public var file: String
    /// 1-based line, 0 when unknown.
    public var line: Int
    /// 1-based column, 0 when unknown.
    public var column: Int
    /// Dotted key path from the document root, e.g. `claims[2].expect.within_se`.
    public var keyPath: String
    /// What was wrong.
    public var message: String
    /// The typed error of a lower layer this one reports (`DistributionError`, `SimulationError`,
    /// …), or nil when the scenario itself is wrong.
    public var cause: (any Error)?

    public init(file: String, line: Int = 0, column: Int = 0, keyPath: String = "", message: String, cause: (any Error)? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.keyPath = keyPath
        self.message = message
        self.cause = cause
    }

    /// Equal location and message, and causes that are both absent or describe themselves alike
    /// (an existential error has no `==` of its own).
    public static func == (a: ScenarioError, b: ScenarioError) -> Bool {
        (a.file, a.line, a.column, a.keyPath, a.message) == (b.file, b.line, b.column, b.keyPath, b.message)
            && a.cause.map { String(reflecting: $0) } == b.cause.map { String(reflecting: $0) }
    }

    public var description: String {
        var location = file
        if line > 0 { location += ":\(line)" + (column > 0 ? ":\(column)" : "") }
        return location + ": " + (keyPath.isEmpty ? "" : keyPath + ": ") + message
    }
}
