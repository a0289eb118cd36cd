import Foundation
import TensorIO

/// Writing to the terminal: errors and progress to stderr, results to stdout. The two terminal
/// queries (isatty, the window size) are ``POSIX``'s, like the rest of the package's C calls.
enum Terminal {
    /// Whether stderr is an interactive terminal (progress bars are drawn only then).
    static let stderrIsTTY: Bool = POSIX.isTerminal(POSIX.standardError)

    /// The width of the terminal on stderr (80 when unknown).
    static var columns: Int {
        POSIX.terminalColumns(POSIX.standardError) ?? Int(ProcessInfo.processInfo.environment["COLUMNS"] ?? "") ?? 80
    }

    static func error(_ message: String) {
        FileHandle.standardError.write(Data(("weightlab: " + message + "\n").utf8))
    }

    static func warning(_ message: String) {
        FileHandle.standardError.write(Data(("weightlab: warning: " + message + "\n").utf8))
    }

    /// A one-line progress indicator, redrawn in place; silent unless stderr is a terminal.
    static func progress(_ message: String) {
        guard stderrIsTTY else { return }
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + message).utf8))
    }

    static func endProgress() {
        guard stderrIsTTY else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
