import Foundation

/// Writing to the terminal: errors and progress to stderr, results to stdout.
enum Terminal {
    /// Whether stderr is an interactive terminal (progress bars are drawn only then).
    static let stderrIsTTY: Bool = isatty(STDERR_FILENO) == 1

    /// The width of the terminal on stderr (80 when unknown).
    static var columns: Int {
        var size = winsize()
        if ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return Int(ProcessInfo.processInfo.environment["COLUMNS"] ?? "") ?? 80
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
