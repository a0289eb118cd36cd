import ArgumentParser

/// The options of `weightlab sample --model`: a whole Hugging Face checkpoint.
struct ModelOptions: ParsableArguments {
    @Option(help: ArgumentHelp("A model preset (llama-7b, llama-70b, bert-base, minilm, vit-b16) or a config.json.", valueName: "PRESET|FILE"))
    var model: String?

    @Option(help: "Width factor of a preset: every width scaled and rounded (layer counts stay).")
    var width: Double = 1

    @Option(help: ArgumentHelp("σ of the weights by layer, e.g. 0.02, linear(0.02, 0.01), exponential(a, b), power(a, b, p), list(…).", valueName: "SCHEDULE"))
    var schedule: String?

    @Option(help: "Law of the norm scales (default: all ones).")
    var normDist: String?

    @Option(help: "Law of the biases (default: all zeros).")
    var biasDist: String?

    @Option(help: "Largest shard, in bytes of data: 5GB, 500MB, 2GiB or a number.")
    var maxShardSize: String = "5GB"

    func validate() throws {
        guard width > 0, width.isFinite else { throw ValidationError("--width must be > 0, got \(width)") }
        guard let bytes = Self.bytes(maxShardSize), bytes > 0 else { throw ValidationError("--max-shard-size: '\(maxShardSize)' is not a size such as 5GB") }
        _ = bytes
    }

    /// `5GB` (10⁹), `2GiB` (2³⁰), `500MB`, `64kB`, or a plain number of bytes.
    static func bytes(_ text: String) -> Int? {
        let units: [(String, Double)] = [("GiB", 1_073_741_824), ("MiB", 1_048_576), ("KiB", 1024), ("GB", 1e9), ("MB", 1e6), ("kB", 1e3), ("KB", 1e3), ("B", 1)]
        for (suffix, factor) in units where text.hasSuffix(suffix) {
            return Double(text.dropLast(suffix.count)).map { Int($0 * factor) }
        }
        return Int(text)
    }
}
