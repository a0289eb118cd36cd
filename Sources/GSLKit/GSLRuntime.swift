import CGSL

/// Process-wide GSL set-up: the error handler is switched off exactly once, so that GSL returns
/// status codes (turned into ``GSLError``) instead of aborting the process.
public enum GSLRuntime {
    private static let installed: Bool = {
        _ = gsl_set_error_handler_off()
        return true
    }()

    /// Ensures GSL's abort-on-error handler is off. Idempotent and thread-safe (lazy static).
    @inlinable public static func prepare() { _ = isPrepared }

    @usableFromInline static var isPrepared: Bool { installed }

    /// The version string of the linked GSL library, e.g. "2.7.1".
    public static var version: String { String(cString: wl_gsl_version()) }
}
