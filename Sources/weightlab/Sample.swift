import ArgumentParser
import Distributions
import Foundation
import GSLKit
import Sampling
import TensorIO

/// `weightlab sample`: draw tensors from a law and write them as safetensors or .npy.
struct Sample: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Draw weight tensors from a law and write them as .safetensors or .npy.",
        discussion: """
        Example:
          weightlab sample --dist 'wstar(sigma=0.02, c=2.5, sparsity=0.5, outliers=0.001, outlier_scale=8)' \\
            --shape 4096x4096 --layers 4 --seed 7 --output wstar.safetensors
        With --layers N the tensors are named layers.{i}.weight, otherwise 'weight'. The bytes written
        depend on the law, shape, seed and generator only, never on --threads.
        With --model PRESET (llama-7b, llama-70b, bert-base, minilm, vit-b16) or --model config.json, --output is a
        folder that receives a Hugging Face checkpoint: the model's tensor names and shapes (at --width), shards of
        at most --max-shard-size, model.safetensors.index.json and config.json; σ per layer from --schedule:
          weightlab sample --model llama-7b --width 0.25 --dist 'gaussian(sigma=0.02)' \\
            --schedule 'linear(0.02, 0.01)' --dtype bf16 --output llama-7b-w025/
        """
    )

    @Option(help: "The law, e.g. 'gaussian(sigma=0.02)' (see `weightlab theory --help`).")
    var dist: String

    // Read as text and parsed in validate(), so that a bad shape gets a one-line message naming
    // the problem (ArgumentParser's own message for a failed conversion adds help and usage).
    @Option(name: .customLong("shape"), help: ArgumentHelp("Tensor shape, e.g. 4096x4096.", valueName: "RxC"))
    var shapeText: String?

    @OptionGroup var model: ModelOptions

    @Option(help: "Number of tensors, named layers.{i}.weight.")
    var layers: Int?

    @Option(help: "Element type on disk: f32, f16, bf16 or f64.")
    var dtype: String = "f32"

    @Option(name: .shortAndLong, help: "Output file, .safetensors or .npy (a folder with --model).")
    var output: String

    @OptionGroup var seedOption: SeedOption
    @OptionGroup var random: RandomOptions
    @OptionGroup var threadsOption: ThreadsOption
    @OptionGroup var forceFlag: ForceFlag
    @OptionGroup var quietFlag: QuietFlag
    @OptionGroup var json: JSONOutput

    var seed: UInt64 { seedOption.seed ?? 0 }
    var threads: Int { threadsOption.threads }
    var force: Bool { forceFlag.force }
    var quiet: Bool { quietFlag.quiet }

    func validate() throws {
        if model.model != nil {
            guard DType(cliName: dtype) != nil, dtype != "f64" else {
                throw ValidationError("--dtype must be one of f32, f16, bf16 with --model; got '\(dtype)'")
            }
            guard shapeText == nil, layers == nil else { throw ValidationError("--model sets the shapes; leave out --shape and --layers") }
            return
        }
        guard let shapeText else { throw ValidationError("Missing expected argument '--shape <RxC>'") }
        do { _ = try Shape(parsing: shapeText) } catch { throw ValidationError(error.message) }
        if let layers, layers < 1 { throw ValidationError("--layers must be at least 1, got \(layers)") }
        guard DType(cliName: dtype) != nil else {
            throw ValidationError("--dtype must be one of f32, f16, bf16, f64; got '\(dtype)'")
        }
        let ext = URL(fileURLWithPath: output).pathExtension.lowercased()
        guard ext == "safetensors" || ext == "npy" else {
            throw ValidationError("--output must end in .safetensors or .npy, got '\(output)'")
        }
        if ext == "npy", (layers ?? 1) > 1 { throw ValidationError("an .npy file holds one tensor; use .safetensors with --layers") }
        if ext == "npy", dtype == "bf16" { throw ValidationError(".npy has no bf16 type; use .safetensors or another --dtype") }
    }

    func run() throws {
        let law: any Distribution
        do { law = try parseLaw(dist) } catch { throw InputError("--dist: \(error)") }
        let type = DType(cliName: dtype)!
        try json.refuseExisting(overwrite: force)
        if model.model != nil { return try runModel(law: law, dtype: type) }
        let shape = try Shape(parsing: shapeText!)
        let url = URL(fileURLWithPath: output)
        let names = layers.map { n in (0..<n).map { "layers.\($0).weight" } } ?? ["weight"]
        let entries = names.map { TensorInfo(name: $0, dtype: type, shape: shape.dimensions) }
        let sampler = TensorSampler(generator: random.rng, threads: threads)
        let root = SeedTree(root: seed)
        let metadata: [String: String] = [
            "weightlab_version": WeightLabVersion.string,
            "seed": String(seed),
            "generator": random.rng.rawValue,
            "spec": law.description,
            "block_size": String(sampler.blockSize),
        ]
        let (perTensor, o1) = shape.count.multipliedReportingOverflow(by: type.byteWidth)
        let (total, o2) = perTensor.multipliedReportingOverflow(by: names.count)
        try FreeSpace.check(o1 || o2 ? Int.max : total, for: url)
        let started = Date()
        do {
            // Each worker writes the blocks it draws in place (drawing and writing overlap); the
            // file is renamed into place whole but not fsynced: it can be drawn again from its seed.
            if url.pathExtension.lowercased() == "npy" {
                let writer = try NpyWriter(url: url, shape: shape.dimensions, dtype: type, overwrite: force)
                writer.durable = false
                try drawTensor(law: law, shape: shape, type: type, sampler: sampler, seeds: root.child(names[0]), into: writer.placement(), tensor: 0)
                try writer.finish()
            } else {
                let writer = try SafetensorsWriter(url: url, entries: entries, metadata: metadata, overwrite: force)
                writer.durable = false
                let placement = try writer.placement()
                for (i, name) in names.enumerated() {
                    if !quiet { Terminal.progress("sampling \(name) (\(i + 1)/\(names.count))") }
                    try drawTensor(law: law, shape: shape, type: type, sampler: sampler, seeds: root.child(name), into: placement, tensor: i)
                }
                try writer.finish()
            }
        } catch {
            Terminal.endProgress()
            throw InputError(error)
        }
        Terminal.endProgress()
        let seconds = Date().timeIntervalSince(started)
        if json.path != nil {
            let summary: [String: Any] = [
                "output": output, "tensors": names, "shape": shape.dimensions, "dtype": type.rawValue,
                "spec": law.description, "seed": seed, "generator": random.rng.rawValue,
                "weightlab_version": WeightLabVersion.string, "seconds": seconds,
            ]
            try json.write(try JSONSerialization.data(withJSONObject: summary, options: [.prettyPrinted, .sortedKeys]), overwrite: force)
        }
        if !json.toStdout, !quiet {
            let total = Double(shape.count * names.count)
            print("wrote \(names.count) tensor\(names.count == 1 ? "" : "s") of shape \(shape) (\(type.rawValue)) to \(output)"
                  + String(format: " in %.2f s (%.0f M values/s); law %@, seed %llu, generator %@",
                           seconds, total / seconds / 1e6, law.description, seed, random.rng.rawValue))
        }
    }

    /// Draws tensor `tensor` of `placement` in the precision its dtype needs (f64 from the
    /// double-precision samplers, the others from f32) block by block on the sampler's threads,
    /// each block written in place by the worker that drew it: memory holds one block per thread.
    private func drawTensor(law: any Distribution, shape: Shape, type: DType, sampler: TensorSampler, seeds: SeedTree,
                            into placement: TensorPlacement, tensor: Int) throws(TensorIOError) {
        if type == .f64 {
            try drawTensor(Double.self, law: law, shape: shape, sampler: sampler, seeds: seeds, into: placement, tensor: tensor)
        } else {
            try drawTensor(Float.self, law: law, shape: shape, sampler: sampler, seeds: seeds, into: placement, tensor: tensor)
        }
    }

    /// ``drawTensor(law:shape:type:sampler:seeds:into:tensor:)`` drawn in precision `T`.
    private func drawTensor<T: WeightScalar>(_ scalar: T.Type, law: any Distribution, shape: Shape, sampler: TensorSampler,
                                             seeds: SeedTree, into placement: TensorPlacement, tensor: Int) throws(TensorIOError) {
        try sampler.drawBlocks(scalar, shape: shape.dimensions, law: law, seeds: seeds) { (block, start) throws(TensorIOError) in
            try placement.write(block, tensor: tensor, at: start)
        }
    }
}
