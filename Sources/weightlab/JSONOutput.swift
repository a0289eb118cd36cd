import ArgumentParser
import Foundation
import TensorIO

/// `--json PATH`, the same in every command that takes it: the command's result as JSON, written
/// to PATH (atomically: a temporary file, then a rename) or, for `-`, to stdout instead of the
/// human-readable output.
struct JSONOutput: ParsableArguments {
    @Option(name: .customLong("json"), help: ArgumentHelp("Write the result as JSON to PATH ('-': to stdout, instead of the text output).", valueName: "PATH"))
    var path: String?

    /// Whether the JSON goes to stdout (which then carries nothing else).
    var toStdout: Bool { path == "-" }

    /// The file the JSON goes to; nil without --json or with `--json -`.
    var file: String? { toStdout ? nil : path }

    /// Stops before any work when the JSON file exists and may not be replaced.
    func refuseExisting(overwrite: Bool) throws {
        guard let file, !overwrite, FileManager.default.fileExists(atPath: file) else { return }
        throw InputError(TensorIOError.outputExists(file: file))
    }

    /// Writes `data` where --json says (nothing without it); a file that exists is replaced only
    /// with `overwrite`. A file that cannot be written is bad input naming it.
    func write(_ data: Data, overwrite: Bool) throws {
        guard let path else { return }
        if toStdout { return print(String(decoding: data, as: UTF8.self)) }
        do { try AtomicFile.write(data, to: URL(fileURLWithPath: path), overwrite: overwrite) } catch { throw InputError(error) }
    }
}
