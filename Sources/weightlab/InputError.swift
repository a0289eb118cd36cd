/// Bad input from the user (a spec, a shape, a file, a parameter): printed as one line, exit 2.
/// When a library error is the reason it is kept whole in `cause` (its description is the line).
struct InputError: Error, CustomStringConvertible {
    let message: String
    /// The library's typed error this one reports, nil for a problem the CLI found itself.
    let cause: (any Error)?

    init(_ message: String) {
        self.message = message
        cause = nil
    }

    init(_ cause: any Error) {
        message = String(describing: cause)
        self.cause = cause
    }

    var description: String { message }
}
