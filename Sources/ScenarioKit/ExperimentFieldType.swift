/// The value type of an ``ExperimentField``: what the loader accepts under the key, and what the
/// JSON Schema (``ScenarioSchema``) describes for editors.
package indirect enum ExperimentFieldType: Sendable, Equatable {
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
    /// A list of some of fixed words (`minItems` of them at least).
    case words([String], minItems: Int)
    /// A positive number or the word `none`.
    case numberOrNone
    /// A mapping with keys of its own (a LLaMA's `model:`, a training phase).
    case mapping([ExperimentField])
    /// An initialisation: a torch.nn.init scheme (`kaiming_uniform`, `normal(std=0.02)`) or a law spec.
    case initScheme
    /// A mapping from module kinds to initialisations.
    case initSchemes
    /// A token source: `{grammar: …}`, `{teacher: …}`, `{mixture: …}` or `pretrain`.
    case tokenSource
}
