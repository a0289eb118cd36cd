/// The value type of an ``ExperimentField``: what the loader accepts under the key, and what the
/// JSON Schema (``ScenarioSchema``) describes for editors.
package enum ExperimentFieldType: Sendable, Equatable {
    /// An integer (or a `${var}` template).
    case integer
    /// A number (or a `${var}` template).
    case number
    case boolean
    case string
    /// A regular expression on tensor names.
    case regex
    /// A law spec such as `gaussian(sigma=0.02)`.
    case law
    /// `256x512`, `[256, 512]` or `1000`.
    case shape
    /// A depth schedule: a number, `{constant|linear|exponential|power|piecewise|list: …}`.
    case schedule
    /// An integer, or a depth schedule of integers (ranks by depth).
    case integerOrSchedule
    /// An integer or the word `full`.
    case integerOrFull
    /// One of fixed words (or a `${var}` template).
    case choice([String])
    /// A list of integers (`minimum` each at least, `minItems` of them at least).
    case integers(minimum: Int?, minItems: Int)
    /// A mapping from names to positive numbers.
    case positiveNumbers
    /// Drift's `model:`, a preset or an explicit list of matrices.
    case driftModel
}
