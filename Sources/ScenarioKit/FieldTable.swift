/// A named list of ``ExperimentField``s: an experiment kind's (``ExperimentKind``), or a nested
/// mapping's (``FieldTable``: a LLaMA's `model:` or a training phase). The loader checks a
/// mapping's keys and reads its defaults through its table (ScenarioLoader+Fields.swift), the
/// schema describes it from the same table.
protocol FieldListing: Sendable {
    /// The name errors give the table (`merge`, `train.model`).
    var name: String { get }
    var fields: [ExperimentField] { get }
}

extension FieldListing {
    /// The keys of ``fields``, for ``YAMLReader/checkKeys(_:)``.
    var keys: [String] { fields.map(\.name) }
}

/// The field table of a nested mapping.
struct FieldTable: FieldListing {
    var name: String
    var fields: [ExperimentField]
}
