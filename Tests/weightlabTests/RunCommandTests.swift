import Foundation
import Testing

/// The scenario runner's determinism, fault tolerance and exit statuses, through the real
/// executable.
@Suite(.serialized) struct RunCommandTests {
    /// Drift-depth in miniature: two case variables (a schedule and a layer count), several tensors
    /// per replicate, claims that average over tensors (the reductions whose order once depended on
    /// a Dictionary), a per-tensor claim and a calibration claim (40 × 6 = 240 p-values).
    static let scenario = """
    name: tiny
    description: a small drift-depth-like scenario for determinism tests
    seed: 5
    replicates: 40
    cases:
      - {schedule: "{linear: [0.001, 0.004]}", layers: 6, label: "linear, 6 layers"}
      - {schedule: "{exponential: [0.0005, 0.004]}", layers: 8, label: "exponential, 8 layers"}
    experiment:
      drift:
        layers: ${layers}
        shape: 64x96
        sigma0: 0.02
        sigma_delta: ${schedule}
    analysis:
      fits: false
      filters: false
    claims:
      - name: σΔ tracks the schedule on average
        metric: std_ratio
        tensor: 'delta$'
        expect: {equals: 1, within_se: 6}
      - name: σ² = σ0² + σΔ² at every layer
        metric: std_ratio
        tensor: 'finetuned$'
        each_tensor: true
        expect: {equals: 1, within_se: 6}
      - name: σΔ grows with depth
        metric: std
        tensor: 'delta$'
        statistic: spearman_depth
        expect: {at_least: 0.8}
      - name: KS is calibrated on ΔW
        metric: ks.p_value
        tensor: 'delta$'
        statistic: rejection_rate
        alpha: 0.05
        expect: {calibrated: 0.999}
    """

    /// report.json as text without its timing field (the only part that may differ).
    func report(_ dir: URL) throws -> String {
        let text = try String(contentsOf: dir.appendingPathComponent("tiny/report.json"), encoding: .utf8)
        return text.replacingOccurrences(of: #"\n *"timing" : \{[^}]*\},"#, with: "", options: .regularExpression)
    }

    func write(_ text: String, in dir: TempDir) throws -> URL {
        let file = dir.file("tiny.yaml")
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    /// Shards of a scenario whose pretrained_file is a relative path: the copy in the run folder
    /// cannot find the file, and merge says to give the original with --scenario; with it, the
    /// merged report equals a single run's.
    @Test func mergeTakesTheOriginalScenarioForRelativePaths() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let pre = try CLI.run(["sample", "--dist", "gaussian(sigma=0.02)", "--shape", "8x16", "--layers", "3", "--seed", "1",
                               "--output", dir.file("pre.safetensors").path, "--quiet"])
        #expect(pre.status == 0, "\(pre.stderr)")
        let file = try write("""
            name: tiny
            seed: 5
            replicates: 20
            experiment:
              drift: {layers: 3, shape: 8x16, pretrained_file: pre.safetensors, sigma_delta: 0.01}
            claims:
              - {name: delta std, metric: std, tensor: 'delta$', expect: {equals: 0.01, within_se: 6}}
            """, in: dir)
        let single = try CLI.run(["run", file.path, "-o", dir.file("one").path, "--no-figures", "--quiet"])
        #expect(single.status == 0, "\(single.stderr)")
        for i in 0..<2 {
            let r = try CLI.run(["run", file.path, "-o", dir.file("shards").path, "--shard", "\(i)/2", "--no-figures", "--quiet"])
            #expect(r.status == 0, "\(r.stderr)")
        }
        let folder = dir.file("shards").appendingPathComponent("tiny").path
        let withoutScenario = try CLI.run(["merge", folder, "--no-figures"])
        #expect(withoutScenario.status == 2 && withoutScenario.stderr.contains("--scenario"), "\(withoutScenario.stderr)")
        let merged = try CLI.run(["merge", folder, "--scenario", file.path, "--no-figures"])
        #expect(merged.status == 0, "\(merged.stderr)")
        #expect(try report(dir.file("shards")) == report(dir.file("one")))
    }

    /// `merge OUTPUT` (the folder given to `run --output`) finds the scenario folders inside it.
    @Test func mergeFindsScenarioFoldersInsideTheOutput() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let file = dir.file("tiny.yaml")
        try Self.scenario.write(to: file, atomically: true, encoding: .utf8)
        let single = try CLI.run(["run", file.path, "-o", dir.file("one").path, "--no-figures", "--quiet"])
        #expect(single.status == 0, "\(single.stderr)")
        for i in 0..<2 {
            let r = try CLI.run(["run", file.path, "-o", dir.file("shards").path, "--shard", "\(i)/2", "--no-figures", "--quiet"])
            #expect(r.status == 0, "\(r.stderr)")
        }
        let merged = try CLI.run(["merge", dir.file("shards").path, "--no-figures"])
        #expect(merged.status == 0 && merged.stdout.contains("== tiny"), "\(merged.stderr)")
        #expect(try report(dir.file("shards")) == report(dir.file("one")))
        let empty = dir.file("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let none = try CLI.run(["merge", empty.path])
        #expect(none.status == 2 && none.stderr.contains("no checkpoint"), "\(none.stderr)")
    }

    /// Starts a run of 40 replicates on one thread and sends `signal` once `lines` replicates are
    /// checkpointed; returns the exit status and stderr.
    func interrupt(_ file: URL, output: URL, with signal: Int32, after lines: Int) throws -> (Int32, String, Int) {
        let p = Process()
        p.executableURL = CLI.binary
        p.arguments = ["run", file.path, "-o", output.path, "--threads", "1", "--no-figures", "--quiet"]
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        let checkpoint = output.appendingPathComponent("tiny/checkpoint.jsonl")
        let deadline = Date().addingTimeInterval(60)
        func count() -> Int { (try? String(contentsOf: checkpoint, encoding: .utf8))?.split(separator: "\n").count ?? 0 }
        while Date() < deadline, p.isRunning, count() <= lines { usleep(1000) }
        kill(p.processIdentifier, signal)
        p.waitUntilExit()
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return (p.terminationStatus, message, count())
    }

    @Test func reportIsByteIdenticalAcrossRunsThreadsShardsAndKills() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let file = try write(Self.scenario, in: dir)
        let one = dir.file("one"), two = dir.file("two"), again = dir.file("again"), shards = dir.file("shards"), killed = dir.file("killed")
        let first = try CLI.run(["run", file.path, "-o", one.path, "--threads", "1", "--no-figures", "--quiet"])
        #expect(first.status == 0, "\(first.stdout)\(first.stderr)")
        let reference = try report(one)
        #expect(reference.contains("\"claims\"") && !reference.contains("timing"))
        // The default thread count, twice (two processes: two Dictionary hash seeds).
        for out in [two, again] {
            let r = try CLI.run(["run", file.path, "-o", out.path, "--no-figures", "--quiet"])
            #expect(r.status == 0, "\(r.stderr)")
            #expect(try report(out) == reference)
        }
        for i in 0..<4 {
            let r = try CLI.run(["run", file.path, "-o", shards.path, "--shard", "\(i)/4", "--no-figures", "--quiet"])
            #expect(r.status == 0, "\(r.stderr)")
        }
        let merged = try CLI.run(["merge", shards.appendingPathComponent("tiny").path, "--no-figures"])
        #expect(merged.status == 0, "\(merged.stderr)")
        #expect(try report(shards) == reference)

        // SIGKILL part-way, then resume: the same bytes.
        let (_, _, lines) = try interrupt(file, output: killed, with: SIGKILL, after: 4)
        #expect(lines > 1 && lines < 41, "the kill should land mid-run (\(lines) lines)")
        let resumed = try CLI.run(["run", file.path, "-o", killed.path, "--resume", "--no-figures", "--quiet"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(try report(killed) == reference)
    }

    @Test func sigintStopsCleanlyAndResumesToTheSameReport() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let file = try write(Self.scenario, in: dir)
        #expect(try CLI.run(["run", file.path, "-o", dir.file("reference").path, "--no-figures", "--quiet"]).status == 0)
        let (status, message, lines) = try interrupt(file, output: dir.file("out"), with: SIGINT, after: 3)
        #expect(status == 130, "\(message)")
        #expect(lines > 1 && lines < 41, "the signal should land mid-run (\(lines) lines)")
        #expect(message.contains("resume with:") && message.contains("--resume"), "\(message)")
        let resumed = try CLI.run(["run", file.path, "-o", dir.file("out").path, "--resume", "--no-figures", "--quiet"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(try report(dir.file("out")) == report(dir.file("reference")))
    }

    /// A refused start (the checkpoint exists, or belongs to another run) exits 2 and leaves the
    /// earlier run's files, its copy of the scenario included, as they were.
    @Test func refusedRunsLeaveTheEarlierFilesAlone() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let file = try write(Self.scenario.replacingOccurrences(of: "replicates: 40", with: "replicates: 30"), in: dir)
        let out = dir.file("out")
        #expect(try CLI.run(["run", file.path, "-o", out.path, "--no-figures", "--quiet"]).status == 0)
        let copy = out.appendingPathComponent("tiny/scenario.yaml")
        let original = try Data(contentsOf: copy)
        let checkpoint = try Data(contentsOf: out.appendingPathComponent("tiny/checkpoint.jsonl"))
        _ = try write(Self.scenario.replacingOccurrences(of: "replicates: 40", with: "replicates: 30")
            .replacingOccurrences(of: "description: a small", with: "description: an edited"), in: dir)
        let again = try CLI.run(["run", file.path, "-o", out.path, "--no-figures", "--quiet"])
        #expect(again.status == 2)
        #expect(again.stderr.contains("a checkpoint exists"), "\(again.stderr)")
        let other = try CLI.run(["run", file.path, "-o", out.path, "--resume", "--no-figures", "--quiet"])
        #expect(other.status == 2)
        #expect(other.stderr.contains("belongs to another run"), "\(other.stderr)")
        #expect(try Data(contentsOf: copy) == original)
        #expect(try Data(contentsOf: out.appendingPathComponent("tiny/checkpoint.jsonl")) == checkpoint)
    }

    @Test func aFailedClaimExitsOneWithTheReportWritten() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let text = Self.scenario.replacingOccurrences(of: "expect: {at_least: 0.8}", with: "expect: {at_least: 1.5}")
        let file = try write(text, in: dir)
        let r = try CLI.run(["run", file.path, "-o", dir.file("out").path, "--no-figures", "--quiet"])
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stdout.contains("FAIL"), "\(r.stdout)")
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.file("out/tiny/report.json"))) as! [String: Any]
        let verdicts = (report["claims"] as! [[String: Any]]).map { $0["verdict"] as! String }
        #expect(verdicts.filter { $0 == "FAIL" }.count == 2)  // the trend claim in both cases
    }

    /// Each broken scenario exits 2 before any replicate runs, naming the file, line and key.
    @Test(arguments: [
        ("metric: std_ratio\n    tensor: 'delta$'", "metric: std_rato\n    tensor: 'delta$'", "did you mean 'std_ratio'", 19),
        ("layers: ${layers}\n    shape: 64x96", "model: {preset: llama-8b}", "unknown preset 'llama-8b' (did you mean 'llama-7b'?)", 10),
        ("tensor: 'delta$'\n    expect: {equals: 1, within_se: 6}", "tensor: 'deltas$'\n    expect: {equals: 1, within_se: 6}",
         "claims[0].tensor: 'deltas$' matches none of the tensors", 20),
        ("replicates: 40", "replicates: 20", "band of Bin(120, 0.05) starts at 0", 37),
        ("replicates: 40", "replicates: 5", "within 6.0 SE from 5 replicates (replicates) cannot discriminate", 21),
    ])
    func badScenariosExitTwoBeforeRunning(old: String, new: String, expected: String, line: Int) throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let text = Self.scenario.replacingOccurrences(of: old, with: new)
        #expect(text != Self.scenario)
        let file = try write(text, in: dir)
        let r = try CLI.run(["run", file.path, "-o", dir.file("out").path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("tiny.yaml:\(line):"), "\(r.stderr)")
        #expect(r.stderr.contains(expected), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.file("out/tiny").path))
    }

    /// Without a terminal and outside --quiet, a short run prints no progress lines (the bar is
    /// drawn only on a terminal; logs get one line a minute).
    @Test func progressStaysOutOfLogs() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let file = try write(Self.scenario, in: dir)
        let r = try CLI.run(["run", file.path, "-o", dir.file("out").path, "--no-figures"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.isEmpty, "\(r.stderr)")
        #expect(r.stdout.contains("== tiny (40 replicates, 2 cases)"))
    }

    /// A checkpoint scenario reads the file given with --input (here a folder of two shards): by
    /// default only tensors of two or more dimensions, with `matrices: false` vectors too.
    @Test(arguments: [(true, 2), (false, 3)])
    func checkpointScenarioTakesMatricesByDefault(matrices: Bool, expected: Int) throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let model = dir.file("model")
        try FileManager.default.createDirectory(at: model, withIntermediateDirectories: true)
        for (shape, extra, file) in [("64x96", ["--layers", "2"], "a.safetensors"), ("300", [], "b.safetensors")] {
            let r = try CLI.run(["sample", "--dist", "gaussian(sigma=0.02)", "--shape", shape, "--quiet", "--output", model.appendingPathComponent(file).path] + extra)
            #expect(r.status == 0, "\(r.stderr)")
        }
        let yaml = """
            name: ckpt
            seed: 1
            replicates: 1
            experiment:
              checkpoint: {tensors: "weight$", matrices: \(matrices)}
            analysis: {spectrum: false}
            claims:
              - {name: kurtosis, metric: excess_kurtosis, expect: {evidence: {threshold: 0, above: high, below: low}}}
            """
        try yaml.write(to: dir.file("ckpt.yaml"), atomically: true, encoding: .utf8)
        let r = try CLI.run(["run", dir.file("ckpt.yaml").path, "--input", model.path, "-o", dir.file("out").path, "--no-figures", "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: dir.file("out/ckpt/report.json"))) as? [String: Any])
        let claim = try #require((report["claims"] as? [[String: Any]])?.first)
        #expect(claim["n"] as? Int == expected, "\(claim)")
    }

    /// A folder run passes over a checkpoint scenario it has no --input for and says so on stderr;
    /// named on its own, the same scenario is bad input (exit 2).
    @Test func folderRunSkipsCheckpointScenarioWithoutInput() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let folder = dir.file("scenarios")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try """
            name: ckpt
            seed: 1
            replicates: 1
            experiment:
              checkpoint: {tensors: "weight$"}
            claims:
              - {name: kurtosis, metric: excess_kurtosis, expect: {evidence: {threshold: 0, above: high, below: low}}}
            """.write(to: folder.appendingPathComponent("ckpt.yaml"), atomically: true, encoding: .utf8)
        try """
            name: small
            seed: 2
            replicates: 2
            experiment:
              drift: {layers: 2, shape: 32x32, sigma0: 0.02, sigma_delta: 0.001}
            analysis: {fits: false, filters: false, spectrum: false}
            claims:
              - {name: kurtosis, metric: excess_kurtosis, tensor: 'delta$', expect: {evidence: {threshold: 0, above: high, below: low}}}
            """.write(to: folder.appendingPathComponent("small.yaml"), atomically: true, encoding: .utf8)
        let r = try CLI.run(["run", folder.path, "-o", dir.file("out").path, "--no-figures", "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("skipped") && r.stderr.contains("ckpt.yaml") && r.stderr.contains("--input"), "\(r.stderr)")
        #expect(FileManager.default.fileExists(atPath: dir.file("out/small/report.json").path))
        #expect(!FileManager.default.fileExists(atPath: dir.file("out/ckpt").path))
        let named = try CLI.run(["run", folder.appendingPathComponent("ckpt.yaml").path, "-o", dir.file("out2").path, "--no-figures", "--quiet"])
        #expect(named.status == 2 && named.stderr.contains("--input"), "\(named.stderr)")
    }
}
