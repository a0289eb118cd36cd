/// A simulation that cannot run as configured.
public enum SimulationError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidSchedule(String)
    case invalidParameter(String)
    case shapeMismatch(String)

    public var description: String {
        switch self {
        case let .invalidSchedule(why): return "schedule: \(why)"
        case let .invalidParameter(why): return why
        case let .shapeMismatch(why): return why
        }
    }
}
