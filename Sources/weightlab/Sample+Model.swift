import Distributions
import Foundation
import Sampling
import Simulation
import TensorIO

extension Sample {
    /// `sample --model`: a Hugging Face checkpoint folder of the model's tensors.
    func runModel(law: any Distribution, dtype type: DType) throws {
        let name = model.model!
        let architecture: ModelArchitecture
        if let preset = ModelPreset(rawValue: name) {
            architecture = .preset(preset, width: model.width)
        } else if FileManager.default.fileExists(atPath: name) {
            guard let data = FileManager.default.contents(atPath: name) else { throw InputError("\(name): cannot read") }
            do { architecture = try ModelArchitecture(config: data) } catch { throw InputError("\(name): \(error)") }
        } else {
            throw InputError("--model: '\(name)' is neither a preset (\(ModelPreset.allCases.map(\.rawValue).joined(separator: ", "))) nor a config.json file")
        }
        func optionalLaw(_ spec: String?, _ option: String) throws -> (any Distribution)? {
            do { return try spec.map { try parseLaw($0) } } catch { throw InputError("\(option): \(error)") }
        }
        let schedule: DepthSchedule?
        do {
            schedule = try model.schedule.map { try DepthSchedule(parsing: $0) }
            try schedule?.validate(layers: architecture.layers, positive: true)
        } catch { throw InputError("--schedule: \(error)") }
        let sampler = TensorSampler(generator: random.rng, threads: threads)
        let writer = ModelCheckpointWriter(
            architecture: architecture, law: law, schedule: schedule, normLaw: try optionalLaw(model.normDist, "--norm-dist"),
            biasLaw: try optionalLaw(model.biasDist, "--bias-dist"), dtype: type, maxShardBytes: ModelOptions.bytes(model.maxShardSize)!,
            sampler: sampler, seeds: SeedTree(root: seed),
            metadata: ["weightlab_version": WeightLabVersion.string, "seed": String(seed), "generator": random.rng.rawValue,
                       "spec": law.description, "schedule": schedule?.description ?? "none", "block_size": String(sampler.blockSize)])
        let folder = URL(fileURLWithPath: output, isDirectory: true)
        let total = architecture.tensors().reduce(0) { $0 + $1.count * type.byteWidth }
        try FreeSpace.check(total, for: folder)
        let bar = ProgressBar(label: "sample", quiet: quiet)
        let started = Date()
        let written: Result<Int, TensorIOError> = Result { () throws(TensorIOError) in
            try writer.write(to: folder, overwrite: force) { done, all in
                bar.update(fraction: Double(done) / Double(all), last: done == all, stats: "\(done)/\(all) tensors") { "sample: \(done)/\(all) tensors" }
            }
        }
        guard case let .success(bytes) = written else {
            bar.finish()
            if case let .failure(error) = written { throw InputError(error) }
            return
        }
        bar.finish()
        let seconds = Date().timeIntervalSince(started)
        if json.path != nil {
            let summary: [String: Any] = [
                "output": output, "tensors": architecture.tensors().count, "shards": writer.shards().count, "bytes": bytes,
                "dtype": type.rawValue, "spec": law.description, "schedule": schedule?.description ?? "none", "seed": seed,
                "generator": random.rng.rawValue, "weightlab_version": WeightLabVersion.string, "seconds": seconds,
            ]
            try json.write(try JSONSerialization.data(withJSONObject: summary, options: [.prettyPrinted, .sortedKeys]), overwrite: force)
        }
        if !json.toStdout, !quiet {
            print("wrote \(architecture.tensors().count) tensors (\(ProgressBar.bytes(bytes)), \(writer.shards().count) shard\(writer.shards().count == 1 ? "" : "s"), \(type.rawValue)) to \(output)"
                  + String(format: " in %.2f s (%.0f MB/s)", seconds, Double(bytes) / seconds / 1e6))
        }
    }
}
