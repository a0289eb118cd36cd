import CGSL

/// A failure reported by GSL, LAPACK or an argument check in GSLKit.
///
/// GSL's abort-on-error handler is switched off (see ``GSLRuntime``); every status code that a
/// GSL routine returns is turned into this typed error instead.
public enum GSLError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A GSL routine returned a non-zero status (`GSL_EDOM`, `GSL_EMAXITER`, …).
    case status(code: Int32, function: String, reason: String)
    /// A LAPACK routine returned `info != 0`.
    case lapack(info: Int32, routine: String)
    /// GSL could not allocate the requested object.
    case allocationFailed(String)
    /// An argument outside the domain of the routine.
    case invalidArgument(String)

    public var description: String {
        switch self {
        case let .status(code, function, reason): return "\(function) failed: \(reason) (GSL status \(code))"
        case let .lapack(info, routine): return "\(routine) failed with info = \(info)"
        case let .allocationFailed(what): return "could not allocate \(what)"
        case let .invalidArgument(what): return what
        }
    }

    /// Turns a GSL status code into `nil` (success) or an error naming `function`.
    static func check(_ code: Int32, _ function: String) throws(GSLError) {
        guard code != GSL_SUCCESS else { return }
        throw .status(code: code, function: function, reason: String(cString: gsl_strerror(code)))
    }
}
