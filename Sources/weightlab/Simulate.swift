import Analysis
import ArgumentParser
import Foundation
import ScenarioKit
import TensorIO

/// `weightlab simulate`: write the pre-trained and fine-tuned tensors of a scenario's simulation.
struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the pre-trained and fine-tuned tensors of a simulation scenario as safetensors, with a per-depth report.",
        discussion: """
        For a LLaMA train experiment (architecture: llama): Hugging Face checkpoints OUTPUT/initial/,
        OUTPUT/pretrained/ and OUTPUT/finetuned/ (config.json + model.safetensors), and for LoRA the
        PEFT adapter folder OUTPUT/adapter/, so that
          weightlab analyze OUTPUT/finetuned --base OUTPUT/pretrained
        analyses ΔW; plus OUTPUT/depth.json and the per-matrix table.
        For drift and train experiments: OUTPUT/pretrained.safetensors and OUTPUT/finetuned.safetensors
        (tensors layers.{l}.weight, the same names in both, so that
          weightlab analyze OUTPUT/finetuned.safetensors --base OUTPUT/pretrained.safetensors
        analyses ΔW), plus OUTPUT/depth.json and a table with one row per matrix (its depth, σ of
        the pre-trained, ΔW and fine-tuned tensors, kurtosis of ΔW). For low_rank experiments:
        OUTPUT/delta.safetensors. With several cases, each goes to OUTPUT/case-{i}/. A training run
        that diverges is an error (exit 2) and writes nothing for its case.
        """
    )

    @Argument(help: "A scenario whose experiment is drift, train (MLP or LLaMA) or low_rank.")
    var scenario: String

    @Option(name: .shortAndLong, help: "Output folder.")
    var output: String

    @Option(help: "Only this case (0-based index).")
    var `case`: Int?

    @Option(help: "Which replicate's seed stream to use.")
    var replicate: Int = 0

    @OptionGroup var seedOption: SeedOption
    @OptionGroup var threadsOption: ThreadsOption
    @OptionGroup var forceFlag: ForceFlag
    @OptionGroup var quietFlag: QuietFlag

    var seed: UInt64? { seedOption.seed }
    var threads: Int { threadsOption.threads }
    var force: Bool { forceFlag.force }
    var quiet: Bool { quietFlag.quiet }

    /// Prints a note (what was written, the per-matrix table) unless --quiet.
    func note(_ line: String) {
        if !quiet { print(line) }
    }

    func run() throws {
        var s: Scenario
        do { s = try ScenarioLoader.load(URL(fileURLWithPath: scenario)) } catch { throw InputError(error) }
        if let seed { s.seed = seed }
        for e in s.caseExperiments {
            switch e {
            case .drift, .train, .llama, .lowRank: continue
            default: throw InputError("\(scenario): simulate needs a drift, train or low_rank experiment, not \(e.kind)")
            }
        }
        if let c = `case`, !(0..<s.cases.count).contains(c) { throw InputError("--case must be in 0..<\(s.cases.count), got \(c)") }
        guard replicate >= 0 else { throw InputError("--replicate must be ≥ 0") }
        let runner = ScenarioRunner(scenario: s, threads: threads, version: WeightLabVersion.string)
        let cases = `case`.map { [$0] } ?? Array(s.cases.indices)
        for c in cases {
            let dir = cases.count > 1 ? URL(fileURLWithPath: output).appendingPathComponent("case-\(c)") : URL(fileURLWithPath: output)
            if case .llama = s.caseExperiments[c] {
                try writeLlama(runner: runner, caseIndex: c, to: dir)
                continue
            }
            let generated: ExperimentOutput
            do { generated = try runner.output(caseIndex: c, replicate: replicate) } catch { throw InputError("\(scenario): case \(s.cases[c].label): \(error)") }
            // A diverged training run has no final weights: say so instead of writing nothing.
            if let step = generated.divergedAt {
                var steps = ""
                if case let .train(t) = s.caseExperiments[c] { steps = " of \(t.steps)" }
                throw InputError("\(scenario): case \(s.cases[c].label): training diverged at step \(step)\(steps) (the loss stopped being finite); "
                                 + "no tensors written for this case — lower learning_rate, or use adam")
            }
            let tensors = generated.tensors
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            let metadata = ["weightlab_version": WeightLabVersion.string, "seed": String(s.seed), "generator": s.generator.rawValue,
                            "scenario": s.name, "case": s.cases[c].label, "replicate": String(replicate)]
            for role in Simulate.roles {
                let picked = tensors.filter { $0.name.hasSuffix("." + role) || $0.name == role }
                guard !picked.isEmpty else { continue }
                if role == "delta", tensors.contains(where: { $0.name.hasSuffix(".pretrained") }) { continue }  // ΔW = finetuned − pretrained
                // layers.3.pretrained → layers.3.weight; model.layers.3.mlp.up_proj.weight.pretrained → …up_proj.weight
                let named = picked.map { t -> (String, GeneratedTensor) in
                    guard t.name.hasSuffix("." + role) else { return ("weight", t) }
                    let base = String(t.name.dropLast(role.count + 1))
                    return (base.hasSuffix(".weight") ? base : base + ".weight", t)
                }
                let url = dir.appendingPathComponent("\(role).safetensors")
                do {
                    let writer = try SafetensorsWriter(url: url, entries: named.map { TensorInfo(name: $0.0, dtype: .f32, shape: $0.1.shape) },
                                                       metadata: metadata, overwrite: force)
                    for (_, t) in named { try t.values.withUnsafeBufferPointer { try writer.write($0) } }
                    try writer.finish()
                } catch { throw InputError(error) }
                note("wrote \(url.path) (\(named.count) tensors)")
            }
            try writeDepthTable(Simulate.matrixRows(tensors), scenario: s, caseIndex: c, to: dir)
        }
    }

    /// Writes DIR/depth.json and prints one row per matrix (σ of the pre-trained, ΔW and
    /// fine-tuned tensors, kurtosis of ΔW; not with --quiet); nothing when there are no rows.
    func writeDepthTable(_ rows: [[String: Any]], scenario s: Scenario, caseIndex c: Int, to dir: URL) throws {
        guard !rows.isEmpty else { return }
        let data = try JSONSerialization.data(withJSONObject: ["scenario": s.name, "case": s.cases[c].label, "matrices": rows],
                                              options: [.prettyPrinted, .sortedKeys])
        do { try AtomicFile.write(data, to: dir.appendingPathComponent("depth.json"), overwrite: force) } catch { throw InputError(error) }
        note("case \(s.cases[c].label):")
        let width = min(48, max(6, rows.map { ($0["name"] as! String).count }.max()!))
        note("  " + "matrix".padding(toLength: width, withPad: " ", startingAt: 0) + "  depth  σ pretrained  σ ΔW          σ fine-tuned  ex.kurt ΔW")
        for r in rows {
            func f(_ k: String) -> String { (r[k] as? Double).map { String(format: "%-12.5g", $0) } ?? "–           " }
            let name = r["name"] as! String
            let shown = name.count > width ? "…" + name.suffix(width - 1) : name
            note("  " + shown.padding(toLength: width, withPad: " ", startingAt: 0) + String(format: "  %-5d  ", r["depth"] as! Int)
                  + f("std_pretrained") + "  " + f("std_delta") + "  " + f("std_finetuned") + "  " + f("excess_kurtosis_delta"))
        }
    }

    /// The tensors a simulation writes: `NAME.pretrained`, `NAME.finetuned`, `NAME.delta`.
    static let roles = ["pretrained", "finetuned", "delta"]

    /// One row per matrix with a depth (the pre-trained, fine-tuned and ΔW tensors of one weight
    /// share its name): name, depth, and the std and excess kurtosis of each part, in the order
    /// the experiment produced them.
    static func matrixRows(_ tensors: [GeneratedTensor]) -> [[String: Any]] {
        var rows: [[String: Any]] = []
        var index: [String: Int] = [:]
        for t in tensors {
            guard let depth = t.depth, let role = roles.first(where: { t.name.hasSuffix("." + $0) }) else { continue }
            let name = String(t.name.dropLast(role.count + 1))
            if index[name] == nil {
                index[name] = rows.count
                rows.append(["name": name, "depth": depth])
            }
            if let m = try? t.values.map(Double.init).withUnsafeBufferPointer({ (p) throws(AnalysisError) in try MomentSummary.of(p) }) {
                rows[index[name]!]["std_\(role)"] = m.std.value
                rows[index[name]!]["excess_kurtosis_\(role)"] = m.excessKurtosis.value
            }
        }
        return rows
    }
}
