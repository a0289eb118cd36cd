import ArgumentParser
import Foundation
import GSLKit

/// Flags shared by the commands that draw random numbers.
struct RandomOptions: ParsableArguments {
    @Option(help: "Root seed; every tensor, block and replicate derives its own stream from it.")
    var seed: UInt64 = 0

    @Option(help: "GSL generator: \(Generator.allCases.map(\.rawValue).joined(separator: ", ")).")
    var rng: Generator = .default

    @Option(help: "Worker threads (results do not depend on it). Default: all cores.")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    func validate() throws {
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1, got \(threads)") }
    }
}

/// Output-control flags shared by every command.
struct OutputOptions: ParsableArguments {
    @Flag(help: "Print nothing but errors.")
    var quiet = false

    @Flag(help: "Print the result as JSON on stdout.")
    var json = false
}

extension Generator: ExpressibleByArgument {}
