import ArgumentParser
import GSLKit

/// The generator flag of the commands that draw random numbers (the seed is ``SeedOption``).
struct RandomOptions: ParsableArguments {
    @Option(help: "GSL generator: \(Generator.allCases.map(\.rawValue).joined(separator: ", ")).")
    var rng: Generator = .default
}

extension Generator: ExpressibleByArgument {}
