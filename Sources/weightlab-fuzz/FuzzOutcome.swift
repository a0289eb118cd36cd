/// What a parser made of one input. A crash is not an outcome: it ends the process, which is
/// what the fuzzer (and the regression tests, which replay every kept input) look for.
enum FuzzOutcome: Equatable, Sendable {
    /// The input parsed and every value in it could be read.
    case accepted
    /// The parser rejected the input with a typed error; `message` is the error's text.
    case rejected(message: String)

    var isRejected: Bool {
        if case .rejected = self { return true }
        return false
    }
}
