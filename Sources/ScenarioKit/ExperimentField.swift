/// One key of an experiment kind, as ``ExperimentKind/fields`` lists it (or of a nested mapping,
/// ``FieldTable``): the unknown-key check, its did-you-mean hint, the JSON Schema, the field
/// listing and the value an absent key takes all come from these tables.
package struct ExperimentField: Sendable, Equatable {
    /// The YAML key.
    package var name: String
    package var type: ExperimentFieldType
    /// The value taken when the key is absent, as one would write it; nil when there is none.
    package var defaultValue: String?
    /// Whether the parser reads ``defaultValue`` as the key's YAML value when the key is absent
    /// (the table is then the one place that default is written); false where the text only
    /// describes a default the parser derives from other keys (`r`, `0.05 (sgd), 0.001 (adam)`).
    package var readsDefault: Bool
    /// Whether the schema requires the key (the loader may require more, depending on others).
    package var required: Bool
    /// One line for the schema's description and the listing.
    package var doc: String

    /// A field whose `default` (YAML text) the parser reads when the key is absent.
    package init(_ name: String, _ type: ExperimentFieldType, default defaultValue: String? = nil, required: Bool = false, _ doc: String) {
        self.init(name, type, defaultValue: defaultValue, readsDefault: defaultValue != nil, required: required, doc)
    }

    /// A field whose default depends on other keys: `derivedDefault` documents it, the parser
    /// computes it.
    package init(_ name: String, _ type: ExperimentFieldType, derivedDefault: String, _ doc: String) {
        self.init(name, type, defaultValue: derivedDefault, readsDefault: false, required: false, doc)
    }

    private init(_ name: String, _ type: ExperimentFieldType, defaultValue: String?, readsDefault: Bool, required: Bool, _ doc: String) {
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
        self.readsDefault = readsDefault
        self.required = required
        self.doc = doc
    }
}
