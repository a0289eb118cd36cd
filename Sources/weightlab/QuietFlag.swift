import ArgumentParser

/// `--quiet`, the same in every command that takes it: progress, notes and summaries are left
/// out; errors, warnings on stderr and `run`'s verdict tables are still printed.
struct QuietFlag: ParsableArguments {
    @Flag(help: "Print nothing but errors, warnings and claim verdicts.")
    var quiet = false
}
