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
        For drift and train experiments: OUTPUT/pretrained.safetensors and OUTPUT/finetuned.safetensors
        (tensors layers.{l}.weight, the same names in both, so that
          weightlab analyze OUTPUT/finetuned.safetensors --base OUTPUT/pretrained.safetensors
        analyses ΔW), plus OUTPUT/depth.json and a per-depth table. For low_rank experiments:
        OUTPUT/delta.safetensors. With several cases, each goes to OUTPUT/case-{i}/.
        """
    )

    @Argument(help: "A scenario whose experiment is drift, train or low_rank.")
    var scenario: String

    @Option(name: .shortAndLong, help: "Output folder.")
    var output: String

    @Option(help: "Only this case (0-based index).")
    var `case`: Int?

    @Option(help: "Which replicate's seed stream to use.")
    var replicate: Int = 0

    @Option(help: "Override the scenario's seed.")
    var seed: UInt64?

    @Flag(help: "Replace existing output files.")
    var force = false

    func run() throws {
        var s: Scenario
        do { s = try ScenarioLoader.load(URL(fileURLWithPath: scenario)) } catch { throw InputError(error.description) }
        if let seed { s.seed = seed }
        for e in s.caseExperiments {
            switch e {
            case .drift, .train, .lowRank: continue
            default: throw InputError("\(scenario): simulate needs a drift, train or low_rank experiment, not \(e.kind)")
            }
        }
        if let c = `case`, !(0..<s.cases.count).contains(c) { throw InputError("--case must be in 0..<\(s.cases.count), got \(c)") }
        guard replicate >= 0 else { throw InputError("--replicate must be ≥ 0") }
        let runner = ScenarioRunner(scenario: s, threads: ProcessInfo.processInfo.activeProcessorCount, version: WeightLabVersion.string)
        let cases = `case`.map { [$0] } ?? Array(s.cases.indices)
        for c in cases {
            let dir = cases.count > 1 ? URL(fileURLWithPath: output).appendingPathComponent("case-\(c)") : URL(fileURLWithPath: output)
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            let tensors = try runner.tensors(caseIndex: c, replicate: replicate)
            let metadata = ["weightlab_version": WeightLabVersion.string, "seed": String(s.seed), "generator": s.generator.rawValue,
                            "scenario": s.name, "case": s.cases[c].label, "replicate": String(replicate)]
            var rows: [[String: Any]] = []
            for role in ["pretrained", "finetuned", "delta"] {
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
                } catch { throw InputError("\(error)") }
                print("wrote \(url.path) (\(named.count) tensors)")
            }
            // Per-depth report: σ of the pre-trained, fine-tuned and ΔW tensors of each layer.
            let layers = Set(tensors.compactMap(\.depth)).sorted()
            for l in layers {
                var row: [String: Any] = ["depth": l]
                for t in tensors where t.depth == l {
                    let role = String(t.name.split(separator: ".").last ?? "")
                    if let m = try? t.values.map(Double.init).withUnsafeBufferPointer({ (p) throws(AnalysisError) in try MomentSummary.of(p) }) {
                        row["std_\(role)"] = m.std.value
                        row["excess_kurtosis_\(role)"] = m.excessKurtosis.value
                    }
                }
                rows.append(row)
            }
            if !rows.isEmpty {
                let data = try JSONSerialization.data(withJSONObject: ["scenario": s.name, "case": s.cases[c].label, "layers": rows],
                                                      options: [.prettyPrinted, .sortedKeys])
                do { try AtomicFile.write(data, to: dir.appendingPathComponent("depth.json"), overwrite: force) } catch { throw InputError(error.description) }
                print("case \(s.cases[c].label):")
                print("  depth  σ pretrained  σ ΔW        σ fine-tuned  ex.kurt ΔW")
                for r in rows {
                    func f(_ k: String) -> String { (r[k] as? Double).map { String(format: "%-12.5g", $0) } ?? "–           " }
                    print("  " + String(format: "%-5d  ", r["depth"] as! Int) + f("std_pretrained") + "  " + f("std_delta") + "  " + f("std_finetuned") + "  " + f("excess_kurtosis_delta"))
                }
            }
        }
    }
}
