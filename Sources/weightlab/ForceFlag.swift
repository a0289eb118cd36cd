import ArgumentParser

/// `--force`, the same in every command that takes it: outputs that exist are replaced instead
/// of stopping the command (exit 2) before any work.
struct ForceFlag: ParsableArguments {
    @Flag(help: "Replace outputs that exist (files, figures, result folders, checkpoints).")
    var force = false
}
