import ArgumentParser

/// `--force`, the same in every command that takes it: outputs that exist are replaced; without
/// it an existing output is bad input (exit 2).
struct ForceFlag: ParsableArguments {
    @Flag(help: "Replace outputs that exist (files, figures, result folders, checkpoints).")
    var force = false
}
