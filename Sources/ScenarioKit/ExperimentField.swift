/// One key of an experiment kind, as ``ExperimentKind/fields`` lists it: the unknown-key check,
/// its did-you-mean hint, the JSON Schema and the field listing all come from these tables.
package struct ExperimentField: Sendable, Equatable {
    /// The YAML key.
    package var name: String
    package var type: ExperimentFieldType
    /// The value taken when the key is absent, as one would write it; nil when there is none.
    package var defaultValue: String?
    /// Whether the schema requires the key (the loader may require more, depending on others).
    package var required: Bool
    /// One line for the schema's description and the listing.
    package var doc: String

    package init(_ name: String, _ type: ExperimentFieldType, default defaultValue: String? = nil, required: Bool = false, _ doc: String) {
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
        self.required = required
        self.doc = doc
    }
}
