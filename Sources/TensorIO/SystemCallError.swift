/// A POSIX call of ``POSIX`` that failed: its `errno` and the system's text for it (`strerror`),
/// which the callers put into their own errors next to the file concerned.
package struct SystemCallError: Error, Sendable, Equatable {
    package let code: Int32
    package let reason: String

    package init(code: Int32, reason: String) {
        self.code = code
        self.reason = reason
    }
}
