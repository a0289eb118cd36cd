import Distributions

/// A simulation that cannot run as configured.
public enum SimulationError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidSchedule(String)
    case invalidParameter(String)
    /// The law of a setting (`key`, e.g. `law_a`; empty when the law was built in code) could not
    /// be parsed or built: the law's own error, kept whole so callers can tell its kind.
    case invalidLaw(key: String, DistributionError)
    case shapeMismatch(String)
    /// Training produced a non-finite loss or gradient at `step` (1-based); nothing was written.
    case diverged(step: Int, what: String)
    /// A checkpoint could not be written or read (the message names the file and tensor).
    case io(String)

    public var description: String {
        switch self {
        case let .invalidSchedule(why): return "schedule: \(why)"
        case let .invalidParameter(why): return why
        case let .invalidLaw(key, error): return key.isEmpty ? error.description : "\(key): \(error)"
        case let .shapeMismatch(why): return why
        case let .diverged(step, what): return "training diverged at step \(step): \(what)"
        case let .io(why): return why
        }
    }
}
