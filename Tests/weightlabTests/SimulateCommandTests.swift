import Foundation
import Testing

@Suite(.serialized) struct SimulateCommandTests {
    /// Writes the scenario `name` (its `seed`, the `experiment:` body, one `claim`) to DIR/NAME.yaml
    /// and runs `weightlab simulate` on it into DIR/`output`, with `flags` after; returns the run
    /// and the output folder.
    static func simulate(_ name: String, seed: Int, experiment: String, claim: String = "{name: x, metric: std, expect: {at_least: 0}}",
                         in dir: TempDir, output: String = "out", _ flags: [String] = []) throws -> (run: CLI.Result, out: URL) {
        let body = experiment.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n")
        let scenario = "name: \(name)\nseed: \(seed)\nexperiment:\n\(body)\nclaims:\n  - \(claim)\n"
        try scenario.write(to: dir.file("\(name).yaml"), atomically: true, encoding: .utf8)
        let out = dir.file(output)
        return (try CLI.run(["simulate", dir.file("\(name).yaml").path, "-o", out.path] + flags), out)
    }

    /// `simulate` writes pre-trained and fine-tuned files with the same names, and `analyze --base`
    /// on them recovers the scheduled σΔ of each layer (within 2 %: the sampling SE of a 64×64
    /// std is 1/√(2·4096) ≈ 1.1 %, so 2 % is ≈ 1.8 SE per layer; with 4 layers a false failure has
    /// probability ≈ 0.25 — so the check uses 5 %, ≈ 4.5 SE, false failure < 3·10⁻⁵).
    @Test func simulateThenAnalyzeRecoversTheSchedule() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let (r, out) = try Self.simulate("sim", seed: 3, experiment: """
            drift:
              layers: 4
              shape: 64x64
              pretrained: gaussian(sigma=1)
              sigma0: 0.02
              sigma_delta: {linear: [0.001, 0.004]}
            """, in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let a = try CLI.run(["analyze", out.appendingPathComponent("finetuned.safetensors").path,
                             "--base", out.appendingPathComponent("pretrained.safetensors").path, "--json", dir.file("a.json").path, "--quiet"])
        #expect(a.status == 0, "\(a.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.file("a.json"))) as! [String: Any]
        let tensors = report["tensors"] as! [[String: Any]]
        #expect(tensors.count == 4)
        for t in tensors {
            let depth = t["depth"] as! Int
            let expected = 0.001 + 0.003 * Double(depth) / 3
            #expect(abs((t["std"] as! Double) / expected - 1) < 0.05, "layer \(depth): \(t["std"]!) vs \(expected)")
        }
    }

    /// A diverging training run is an error naming the step, and leaves no folder behind.
    @Test func divergingTrainingIsAnErrorNotAnEmptyFolder() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let (r, out) = try Self.simulate("diverge", seed: 1, experiment: """
            train: {architecture: linear, widths: [32, 48, 48, 16], optimizer: sgd, learning_rate: 50, steps: 200, batch: 32,
                    train_size: 512, test_size: 256}
            """, claim: "{name: x, metric: diverged, statistic: fraction, expect: {at_most: 0}}", in: dir)
        #expect(r.status == 2)
        #expect(r.stderr.contains("training diverged at step") && r.stderr.contains("of 200"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    /// With a preset, every layer holds several matrices: the table and depth.json have one row
    /// per matrix. With the q multiplier 2 and σΔ = 0.01, the q rows show σΔ ≈ 0.02 and the others
    /// ≈ 0.01: each std of n = 576 values has a relative SE of 1/√(2n) ≈ 3 %, so 15 % is 5 SE
    /// (false failure < 10⁻⁵ over the 12 rows).
    @Test func presetDepthTableHasOneRowPerMatrix() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let (r, out) = try Self.simulate("preset", seed: 4, experiment: """
            drift:
              model: {preset: minilm, width: 0.0625, layers: 2}
              sigma0: 0.02
              sigma_delta: 0.01
              module_multipliers: {q: 2}
            """, in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("encoder.layer.1.attention.self.query.weight"), "\(r.stdout)")
        let depth = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("depth.json"))) as! [String: Any]
        let rows = depth["matrices"] as! [[String: Any]]
        #expect(rows.count == 12)
        #expect(Set(rows.map { $0["name"] as! String }).count == 12)
        for row in rows {
            let name = row["name"] as! String, sd = row["std_delta"] as! Double
            let expected = name.contains(".query.") ? 0.02 : 0.01
            #expect(abs(sd / expected - 1) < 0.15, "\(name): σΔ \(sd), expected \(expected)")
            #expect(row["std_pretrained"] is Double && row["std_finetuned"] is Double)
        }
    }

    /// `--quiet` leaves the notes and the per-matrix table out (stdout empty) and writes the
    /// same files: the same tensors, bit for bit, as without it and on one thread.
    @Test func quietPrintsNothingAndWritesTheSameFiles() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let experiment = "drift: {layers: 2, shape: 8x8, sigma0: 0.02, sigma_delta: 0.01}"
        let loud = try Self.simulate("quiet", seed: 5, experiment: experiment, in: dir, output: "loud").run
        #expect(loud.status == 0 && loud.stdout.contains("wrote "), "\(loud.stdout)\(loud.stderr)")
        let quiet = try Self.simulate("quiet", seed: 5, experiment: experiment, in: dir, output: "quiet", ["--quiet", "--threads", "1"]).run
        #expect(quiet.status == 0, "\(quiet.stderr)")
        #expect(quiet.stdout.isEmpty, "\(quiet.stdout)")
        for name in ["pretrained.safetensors", "finetuned.safetensors", "depth.json"] {
            let a = try Data(contentsOf: dir.file("loud").appendingPathComponent(name))
            let b = try Data(contentsOf: dir.file("quiet").appendingPathComponent(name))
            #expect(a == b, "\(name) differs")
        }
    }

    @Test func analyzeWithMismatchedBaseFailsClearly() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        _ = try CLI.run(["sample", "--dist", "gaussian(sigma=1)", "--shape", "16x16", "--layers", "2", "--quiet", "-o", dir.file("a.safetensors").path])
        _ = try CLI.run(["sample", "--dist", "gaussian(sigma=1)", "--shape", "16x8", "--layers", "2", "--quiet", "-o", dir.file("b.safetensors").path])
        let r = try CLI.run(["analyze", dir.file("a.safetensors").path, "--base", dir.file("b.safetensors").path, "--quiet"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("tensor 'layers.0.weight': shape [16, 16]"), "\(r.stderr)")
    }

    @Test func analyzeReportsCorruptFilesAndGoesOn() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        _ = try CLI.run(["sample", "--dist", "gaussian(sigma=1)", "--shape", "32x32", "--quiet", "-o", dir.file("good.safetensors").path])
        var bytes = try Data(contentsOf: dir.file("good.safetensors"))
        bytes.removeLast(100)
        try bytes.write(to: dir.file("cut.safetensors"))
        let r = try CLI.run(["analyze", dir.file("cut.safetensors").path, dir.file("good.safetensors").path, "--json", dir.file("r.json").path])
        #expect(r.status == 2)
        #expect(r.stderr.contains(#/cut\.safetensors: tensor 'weight' at byte \d+: its data ends at byte \d+ but the file has/#), "\(r.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.file("r.json"))) as! [String: Any]
        #expect((report["tensors"] as! [Any]).count == 1)
    }

    /// One bad entry (a dtype nobody knows) does not hide the good tensors of its file: they are
    /// analysed, the bad one is reported with its byte offset, and the exit status is 2.
    @Test func analyzeSkipsABadTensorAndReadsTheOthers() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let header = #"{"odd":{"dtype":"Q9","shape":[4],"data_offsets":[0,4]},"w":{"dtype":"F32","shape":[8,8],"data_offsets":[4,260]}}"#
        var bytes = Data()
        bytes.append(contentsOf: withUnsafeBytes(of: UInt64(header.utf8.count).littleEndian, Array.init))
        bytes.append(contentsOf: Array(header.utf8))
        bytes.append(contentsOf: [UInt8](repeating: 0, count: 4))
        for i in 0..<64 { bytes.append(contentsOf: withUnsafeBytes(of: Float(i % 7 - 3).bitPattern.littleEndian, Array.init)) }
        try bytes.write(to: dir.file("mixed.safetensors"))
        let r = try CLI.run(["analyze", dir.file("mixed.safetensors").path, "--json", dir.file("r.json").path, "--quiet"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("mixed.safetensors: tensor 'odd' at byte 16: unsupported dtype 'Q9'"), "\(r.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.file("r.json"))) as! [String: Any]
        #expect((report["tensors"] as! [[String: Any]]).map { $0["name"] as? String } == ["w"])
    }
}
