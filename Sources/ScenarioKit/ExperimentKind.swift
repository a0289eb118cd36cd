/// One experiment kind of a scenario (`experiment: {KIND: {…}}`): its YAML key, its field table
/// and its parser. ``ExperimentKind/all`` is the table the loader chooses from, so a new kind is
/// one entry there, one field table and one parser.
struct ExperimentKind: FieldListing {
    /// The YAML key under `experiment:`.
    var name: String
    /// One line describing the kind.
    var doc: String
    /// Every key the kind accepts, in the order error messages list them.
    var fields: [ExperimentField]
    /// Decodes the body (the mapping under the kind's key) into an ``Experiment``, reading the
    /// defaults from the kind it is given (this one: ``parse(_:)``).
    var parser: @Sendable (YAMLReader, ExperimentKind) throws(ScenarioError) -> Experiment

    /// Decodes the body (the mapping under the kind's key) with this kind's table.
    func parse(_ body: YAMLReader) throws(ScenarioError) -> Experiment {
        try parser(body, self)
    }

    /// Every kind, in the order error messages list them.
    static let all: [ExperimentKind] = [sample, checkpoint, drift, lowRank, merge, train, sigmaGap]

    /// The names of ``all``.
    static var names: [String] { all.map(\.name) }

    /// The kind named `name`, if any.
    static func named(_ name: String) -> ExperimentKind? { all.first { $0.name == name } }
}
