import Foundation

/// A figure that could not be rendered.
public enum FigureError: Error, Sendable, CustomStringConvertible {
    case gnuplotFailed(script: String, status: Int32, message: String)

    public var description: String {
        switch self {
        case let .gnuplotFailed(script, status, message):
            return "gnuplot failed on \(script) (status \(status)): \(message.trimmingCharacters(in: .whitespacesAndNewlines))"
        }
    }
}
