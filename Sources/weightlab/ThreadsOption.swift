import ArgumentParser
import Foundation

/// `--threads`, the same in every command that takes it (`bench --threads` is a list of counts
/// to time, not a worker count, and stays its own).
struct ThreadsOption: ParsableArguments {
    @Option(help: "Worker threads (results do not depend on it). Default: all cores.")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    func validate() throws {
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1, got \(threads)") }
    }
}
