import ArgumentParser

/// `--seed`, the same in every command that takes it: the root of the seed tree, or the
/// scenario's own seed (0 for `sample`) when left out.
struct SeedOption: ParsableArguments {
    @Option(help: "Root seed (default: the scenario's; 0 for sample); every tensor, block and replicate derives its own stream from it.")
    var seed: UInt64?
}
