import Foundation

/// A figure that could not be written or rendered. Nothing partial is left behind: images are
/// rendered to temporary names and renamed into place only when complete.
package enum FigureError: Error, Sendable, Equatable, CustomStringConvertible {
    /// An output exists and overwriting was not asked for.
    case outputExists(file: String)
    case cannotWrite(file: String, reason: String)
    /// gnuplot exited with a failure status or was killed by a signal.
    case gnuplotFailed(script: String, status: String, message: String)
    /// gnuplot reported success but the image is missing or incomplete (e.g. the disk filled up).
    case incompleteImage(file: String, reason: String)

    package var description: String {
        switch self {
        case let .outputExists(file):
            return "\(file): already exists (use --force to replace it)"
        case let .cannotWrite(file, reason):
            return "\(file): cannot write: \(reason)"
        case let .gnuplotFailed(script, status, message):
            let detail = message.trimmingCharacters(in: .whitespacesAndNewlines)
            return "\(script): gnuplot failed (\(status))" + (detail.isEmpty ? "" : ": \(detail)")
        case let .incompleteImage(file, reason):
            return "\(file): cannot write: gnuplot produced an incomplete image (\(reason))"
        }
    }
}
