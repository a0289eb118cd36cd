/// A problem with a scenario file, located by file, line, column and key path.
///
/// `description` reads like a compiler diagnostic:
/// `Scenarios/lora-rank.yaml:12:5: claims[0].expect: unknown key 'withn' (did you mean 'within'?)`
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

    public init(file: String, line: Int = 0, column: Int = 0, keyPath: String = "", message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.keyPath = keyPath
        self.message = message
    }

    public var description: String {
        var location = file
        if line > 0 { location += ":\(line)" + (column > 0 ? ":\(column)" : "") }
        return location + ": " + (keyPath.isEmpty ? "" : keyPath + ": ") + message
    }
}
