import Foundation
import Testing

/// `weightlab analyze` at scale, through the real executable: a run killed with SIGKILL half-way
/// and resumed writes the same report bytes as an uninterrupted run; four shards merged with
/// `weightlab merge` equal one run; shards are balanced by bytes.
@Suite(.serialized) struct AnalyzeResumeShardTests {
    typealias T = AnalyzeCommandTests.Tensor

    /// Sixteen matrices of four sizes over eight layers (enough full analyses that a kill lands
    /// mid-run), a norm vector, and a constant tensor that the analyzer skips.
    static func model() -> [T] {
        var out: [T] = []
        let shapes = [[96, 192], [192, 96], [64, 64], [128, 256]]
        for layer in 0..<8 {
            for (k, module) in ["self_attn.q_proj", "mlp.down_proj"].enumerated() {
                let shape = shapes[(layer + k) % shapes.count]
                out.append(T(name: "model.layers.\(layer).\(module).weight", shape: shape,
                             values: AnalyzeCommandTests.normals(shape[0] * shape[1], sigma: 0.02, seed: UInt64(100 + layer * 10 + k))))
            }
        }
        out.append(T(name: "model.norm.weight", shape: [512], values: AnalyzeCommandTests.normals(512, sigma: 1, seed: 7).map { 1 + 0.1 * $0 }))
        out.append(T(name: "model.constant", shape: [64], values: Array(repeating: 0.5, count: 64)))
        return out
    }

    func text(_ url: URL) throws -> String { try String(contentsOf: url, encoding: .utf8) }

    /// Lines in a checkpoint file (header included); 0 when it does not exist yet.
    func lines(_ url: URL) -> Int { (try? String(contentsOf: url, encoding: .utf8))?.split(separator: "\n").count ?? 0 }

    @Test func resumeAfterSIGKILLGivesTheSameBytes() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let model = Self.model()
        try AnalyzeCommandTests.write(model, to: dir.file("m.safetensors"))
        let whole = try CLI.run(["analyze", dir.file("m.safetensors").path, "--json", dir.file("whole.json").path, "--quiet"])
        #expect(whole.status == 0, "\(whole.stderr)")
        let reference = try text(dir.file("whole.json"))
        #expect(reference.contains("model.layers.7.mlp.down_proj.weight") && reference.contains("model.constant"))
        #expect(lines(dir.file("whole.checkpoint.jsonl")) == 1 + model.count)

        // Start the same analysis and SIGKILL it once half the tensors are checkpointed.
        let p = Process()
        p.executableURL = CLI.binary
        p.arguments = ["analyze", dir.file("m.safetensors").path, "--json", dir.file("killed.json").path, "--quiet"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        let checkpoint = dir.file("killed.checkpoint.jsonl")
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline, p.isRunning, lines(checkpoint) <= 1 + model.count / 2 { usleep(500) }
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        let done = lines(checkpoint)
        #expect(p.terminationReason == .uncaughtSignal, "the kill should land before the run ends")
        #expect(done > 1 && done < 1 + model.count, "the kill should land mid-run (\(done) lines)")
        #expect(!FileManager.default.fileExists(atPath: dir.file("killed.json").path))

        let resumed = try CLI.run(["analyze", dir.file("m.safetensors").path, "--json", dir.file("killed.json").path, "--resume", "--quiet"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(try text(dir.file("killed.json")) == reference)
        #expect(lines(checkpoint) == 1 + model.count, "each step is recorded once")

        // A checkpoint of other options is refused, not mixed in.
        let other = try CLI.run(["analyze", dir.file("m.safetensors").path, "--json", dir.file("killed.json").path, "--resume", "--moments-only", "--quiet"])
        #expect(other.status == 2 && other.stderr.contains("another analysis"), "\(other.stderr)")
    }

    @Test func fourShardsMergedEqualOneRun() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let model = Self.model()
        try AnalyzeCommandTests.write(model, to: dir.file("m.safetensors"))
        let whole = try CLI.run(["analyze", dir.file("m.safetensors").path, "--json", dir.file("whole.json").path, "--quiet"])
        #expect(whole.status == 0, "\(whole.stderr)")
        var parts: [String] = [], counts: [Int] = []
        for i in 0..<4 {
            let part = dir.file("part-\(i).json").path
            let r = try CLI.run(["analyze", dir.file("m.safetensors").path, "--json", part, "--shard", "\(i)/4", "--quiet"])
            #expect(r.status == 0, "\(r.stderr)")
            let doc = try AnalyzeCommandTests.json(URL(fileURLWithPath: part))
            #expect(doc["shard"] as? String == "\(i)/4")
            let tensors = doc["tensors"] as? [[String: Any]] ?? []
            counts.append(tensors.reduce(0) { $0 + ($1["count"] as? Int ?? 0) })
            parts.append(part)
        }
        // Greedy by bytes: no part exceeds the mean by more than the largest tensor.
        let total = model.reduce(0) { $0 + $1.values.count } - 64, largest = model.map(\.values.count).max()!
        #expect(counts.reduce(0, +) == total, "every analysed value in exactly one part: \(counts)")
        #expect(counts.allSatisfy { $0 <= total / 4 + largest }, "\(counts)")
        // Shuffled argument order: merge orders by step, not by argument.
        let merged = try CLI.run(["merge", parts[2], parts[0], parts[3], parts[1], "-o", dir.file("merged.json").path])
        #expect(merged.status == 0, "\(merged.stderr)")
        #expect(try text(dir.file("merged.json")) == text(dir.file("whole.json")))
        // A missing part is an error, not a smaller report.
        let partial = try CLI.run(["merge", parts[0], parts[1], parts[2], "-o", dir.file("partial.json").path])
        #expect(partial.status == 2 && partial.stderr.contains("no record"), "\(partial.stderr)")
    }

    /// `merge --quiet` prints nothing (the summary line is left out) and writes the same report.
    @Test func quietMergePrintsNothing() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let model = dir.file("q.safetensors").path
        #expect(try CLI.run(["sample", "--dist", "gaussian(sigma=1)", "--shape", "16x8", "--layers", "2", "--quiet", "-o", model]).status == 0)
        let part = dir.file("part.json").path
        let r = try CLI.run(["analyze", model, "--moments-only", "--json", part, "--shard", "0/1", "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        let loud = try CLI.run(["merge", part, "-o", dir.file("loud.json").path])
        #expect(loud.status == 0 && loud.stdout.contains("merged 1 part"), "\(loud.stdout)\(loud.stderr)")
        let quiet = try CLI.run(["merge", part, "-o", dir.file("quiet.json").path, "--quiet"])
        #expect(quiet.status == 0 && quiet.stdout.isEmpty, "\(quiet.stdout)\(quiet.stderr)")
        #expect(try text(dir.file("quiet.json")) == text(dir.file("loud.json")))
    }
}
