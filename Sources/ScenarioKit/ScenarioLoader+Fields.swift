import Distributions
import Simulation

/// Reading an experiment's keys through its kind's field table (ExperimentKind+Fields.swift), or a
/// nested mapping's (``FieldTable``):
/// the table's `default:` is the value an absent key takes, so a default is written once.
extension ScenarioLoader {
    /// The node under `key`, or, when the key is absent, the kind's table default read as YAML;
    /// nil when the key is absent and the table gives no default the parser reads.
    /// - Throws: when `key` is not in the table (a parser reading a key the table lacks), or the
    ///   default is not valid YAML.
    static func field(_ body: YAMLReader, _ key: String, of kind: some FieldListing) throws(ScenarioError) -> YAMLReader? {
        guard let field = kind.fields.first(where: { $0.name == key }) else {
            throw body.error("the \(kind.name) parser reads '\(key)', which its field table does not list")
        }
        if let node = try body.optional(key) { return node }
        guard field.readsDefault, let text = field.defaultValue else { return nil }
        let parsed = try YAMLReader.parse(text, file: "the default of \(kind.name).\(key) in the field table")
        return YAMLReader(node: parsed.node, file: parsed.file, path: key)
    }

    /// The node under `key` or its table default; an error when there is neither.
    static func requiredField(_ body: YAMLReader, _ key: String, of kind: some FieldListing) throws(ScenarioError) -> YAMLReader {
        guard let node = try field(body, key, of: kind) else { return try body.require(key) }
        return node
    }

    /// A count under `key` or its table default, in [1, limit] (``positiveInt(_:key:)``).
    static func positiveInt(_ body: YAMLReader, _ key: String, of kind: some FieldListing) throws(ScenarioError) -> Int {
        try positiveInt(try requiredField(body, key, of: kind), key: key)
    }

    /// A number under `key` or its table default.
    static func double(_ body: YAMLReader, _ key: String, of kind: some FieldListing) throws(ScenarioError) -> Double {
        try requiredField(body, key, of: kind).double()
    }

    /// The law under `key` or its table default, parsed once; an error names the key.
    static func law(_ body: YAMLReader, _ key: String, of kind: some FieldListing) throws(ScenarioError) -> ParsedLaw {
        let n = try requiredField(body, key, of: kind)
        do { return try ParsedLaw(try n.string()) } catch { throw n.error(error) }
    }
}

extension ScenarioLoader {
    /// Builds a kind's simulation value at load time; a ``SimulationError`` becomes a
    /// ``ScenarioError`` (the simulation's error its cause and message) located at the key its
    /// message starts with (`task_sigma must be > 0` → `task_sigma`), else at the kind's body.
    static func build<T>(_ body: YAMLReader, _ kind: some FieldListing, _ make: () throws(SimulationError) -> T) throws(ScenarioError) -> T {
        do { return try make() } catch {
            let first = String(error.description.prefix { $0.isLetter || $0.isNumber || $0 == "_" })
            let node = kind.keys.contains(first) ? try body.optional(first) : nil
            throw (node ?? body).error(error)
        }
    }
}
