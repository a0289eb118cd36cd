import Foundation
import Testing

/// `simulate` on a LLaMA `train:` scenario: Hugging Face folders and the PEFT adapter, which
/// `analyze --base` and the adapter reader read as the same ΔW. Deterministic (fixed seed).
@Suite(.serialized) struct SimulateLlamaTests {
    static let scenario = """
    name: llama-sim
    seed: 5
    experiment:
      train:
        architecture: llama
        model: {d_model: 16, layers: 2, heads: 2, ffn: 32, vocab: 16, context: 8}
        pretrain_source: {grammar: {branching: 2}}
        finetune_source: {grammar: {branching: 2}}
        train_sequences: 32
        held_out_sequences: 8
        pretrain: {steps: 20, learning_rate: 0.01, batch: 8}
        finetune: {steps: 10, learning_rate: 0.01, batch: 8, mode: lora, lora_rank: 2, modules: [q_proj, down_proj]}
    claims:
      - {name: x, metric: loss.pretrain.train_ratio, expect: {at_most: 1}}
    """

    @Test func writesCheckpointsAndAnAdapterThatAnalyzeReads() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        try Self.scenario.write(to: dir.file("s.yaml"), atomically: true, encoding: .utf8)
        let out = dir.file("out")
        let r = try CLI.run(["simulate", dir.file("s.yaml").path, "-o", out.path])
        #expect(r.status == 0, "\(r.stderr)")
        for folder in ["initial", "pretrained", "finetuned"] {
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("\(folder)/config.json").path))
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("\(folder)/model.safetensors").path))
        }
        func stds(_ args: [String], _ name: String) throws -> [String: Double] {
            let a = try CLI.run(["analyze"] + args + ["--json", dir.file(name).path, "--quiet"])
            #expect(a.status == 0, "\(a.stderr)")
            let report = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.file(name))) as! [String: Any]
            let tensors = report["tensors"] as! [[String: Any]]
            return Dictionary(uniqueKeysWithValues: tensors.compactMap { t in (t["std"] as? Double).map { (t["name"] as! String, $0) } })
        }
        let delta = try stds([out.appendingPathComponent("finetuned").path, "--base", out.appendingPathComponent("pretrained").path], "d.json")
        let adapter = try stds([out.appendingPathComponent("adapter").path], "a.json")
        let q = "model.layers.1.self_attn.q_proj.weight"
        #expect((delta[q] ?? 0) > 0)
        #expect(abs((adapter[q] ?? 0) / (delta[q] ?? 1) - 1) < 1e-3, "adapter \(adapter[q] ?? .nan) vs ΔW \(delta[q] ?? .nan)")
        // A second run refuses to overwrite without --force.
        let again = try CLI.run(["simulate", dir.file("s.yaml").path, "-o", out.path])
        #expect(again.status != 0 && again.stderr.contains("--force"), "\(again.stderr)")
    }
}
