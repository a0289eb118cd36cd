import Foundation
import Testing

/// The scenario runner's determinism and fault tolerance, through the real executable.
@Suite(.serialized) struct RunCommandTests {
    static let scenario = """
    name: tiny
    description: a small scenario for determinism tests
    seed: 5
    replicates: 48
    cases:
      grid:
        law: ["gaussian(sigma=1)", "laplace(scale=1)"]
    experiment:
      sample:
        law: ${law}
        shape: 48x64
    analysis:
      fits: false
    claims:
      - name: kurtosis
        metric: excess_kurtosis
        expect: {equals: theory.excess_kurtosis, within_se: 6}
      - name: KS
        metric: ks.p_value
        statistic: rejection_rate
        alpha: 0.05
        cases: gaussian
        expect: {calibrated: 0.99999}
    """

    /// report.json without its timing field.
    func report(_ dir: URL) throws -> [String: Any] {
        var object = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("tiny/report.json"))) as! [String: Any]
        object["timing"] = nil
        return object
    }

    func same(_ a: [String: Any], _ b: [String: Any]) -> Bool { NSDictionary(dictionary: a).isEqual(to: b) }

    @Test func reportIsIdenticalAcrossThreadsShardsAndResume() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let file = dir.file("tiny.yaml")
        try Self.scenario.write(to: file, atomically: true, encoding: .utf8)
        let one = dir.file("one"), two = dir.file("two"), shards = dir.file("shards"), killed = dir.file("killed")
        #expect(try CLI.run(["run", file.path, "-o", one.path, "--threads", "1", "--no-figures", "--quiet"]).status == 0)
        #expect(try CLI.run(["run", file.path, "-o", two.path, "--threads", "2", "--no-figures", "--quiet"]).status == 0)
        let reference = try report(one)
        #expect(same(reference, try report(two)))
        for i in 0..<4 {
            let r = try CLI.run(["run", file.path, "-o", shards.path, "--shard", "\(i)/4", "--no-figures", "--quiet"])
            #expect(r.status == 0, "\(r.stderr)")
        }
        let merged = try CLI.run(["merge", shards.appendingPathComponent("tiny").path, "--no-figures"])
        #expect(merged.status == 0, "\(merged.stderr)")
        #expect(same(reference, try report(shards)))

        // SIGKILL a run part-way, then resume: the same report.
        let p = Process()
        p.executableURL = CLI.binary
        p.arguments = ["run", file.path, "-o", killed.path, "--threads", "1", "--replicates", "48", "--no-figures", "--quiet"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        let checkpoint = killed.appendingPathComponent("tiny/checkpoint.jsonl")
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            if let text = try? String(contentsOf: checkpoint, encoding: .utf8), text.split(separator: "\n").count > 6 { break }
            usleep(2000)
        }
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        let lines = (try? String(contentsOf: checkpoint, encoding: .utf8))?.split(separator: "\n").count ?? 0
        #expect(lines > 1 && lines < 49, "the kill should land mid-run (\(lines) lines)")
        let resumed = try CLI.run(["run", file.path, "-o", killed.path, "--resume", "--no-figures", "--quiet"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(same(reference, try report(killed)))
    }

    @Test func sigintStopsCleanlyWithAResumeHint() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let file = dir.file("tiny.yaml")
        try Self.scenario.replacingOccurrences(of: "replicates: 48", with: "replicates: 4000").write(to: file, atomically: true, encoding: .utf8)
        let p = Process()
        p.executableURL = CLI.binary
        p.arguments = ["run", file.path, "-o", dir.file("out").path, "--threads", "1", "--no-figures", "--quiet"]
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        let checkpoint = dir.file("out/tiny/checkpoint.jsonl")
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline, ((try? String(contentsOf: checkpoint, encoding: .utf8))?.split(separator: "\n").count ?? 0) < 4 { usleep(2000) }
        kill(p.processIdentifier, SIGINT)
        p.waitUntilExit()
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(p.terminationStatus == 130)
        #expect(message.contains("resume with:"), "\(message)")
        #expect(message.contains("--resume"))
    }

    @Test func badScenariosExitTwoBeforeRunning() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let file = dir.file("bad.yaml")
        try Self.scenario.replacingOccurrences(of: "metric: excess_kurtosis", with: "metric: excess_kurtosys").write(to: file, atomically: true, encoding: .utf8)
        let r = try CLI.run(["run", file.path, "-o", dir.file("out").path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("bad.yaml:"), "\(r.stderr)")
        #expect(r.stderr.contains("did you mean 'excess_kurtosis'"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.file("out/tiny").path))
    }
}
