import Foundation
import Sampling
import Testing
@testable import MonteCarlo

@Suite struct MonteCarloRunnerTests {
    static let body: @Sendable (Int, SeedTree) throws -> Metrics<String> = { index, seeds in
        let engine = seeds.engine()
        var m = Metrics<String>()
        m.append("index", Double(index))
        m.append("u", engine.uniform())
        m.append("g", engine.gaussian())
        return m
    }

    /// A checkpoint line keeps its text form: each name as its description, then the values.
    @Test func metricsCodeTheirNamesAsText() throws {
        var m = Metrics<String>()
        m.append("0|t|std", 1.5)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let data = try encoder.encode(m)
        #expect(String(decoding: data, as: UTF8.self) == #"{"names":["0|t|std"],"values":[1.5]}"#)
        #expect(try JSONDecoder().decode(Metrics<String>.self, from: data) == m)
    }

    func temp() -> URL { FileManager.default.temporaryDirectory.appendingPathComponent("wl-mc-\(UUID().uuidString)") }

    @Test func resultsDoNotDependOnThreads() throws {
        let seeds = SeedTree(root: 9)
        let one = try MonteCarloRunner(replicates: 50, threads: 1, key: "k").run(seeds: seeds, replicate: Self.body).results
        let two = try MonteCarloRunner(replicates: 50, threads: 2, key: "k").run(seeds: seeds, replicate: Self.body).results
        let four = try MonteCarloRunner(replicates: 50, threads: 4, key: "k").run(seeds: seeds, replicate: Self.body).results
        #expect(one == two)
        #expect(one == four)
        #expect(one.count == 50)
    }

    @Test func cancelThenResumeGivesTheUninterruptedResults() throws {
        let dir = temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("run.checkpoint")
        let seeds = SeedTree(root: 3)
        let reference = try MonteCarloRunner(replicates: 40, threads: 2, key: "k").run(seeds: seeds, replicate: Self.body).results
        let flag = CancellationFlag()
        let first = try MonteCarloRunner(replicates: 40, threads: 2, checkpoint: file, key: "k")
            .run(seeds: seeds, cancellation: flag, progress: { p in if p.done >= 10 { flag.cancel() } }, replicate: Self.body)
        #expect(first.cancelled)
        #expect(first.results.count < 40)
        // Without --resume an existing checkpoint is refused.
        #expect(throws: MonteCarloError.checkpointExists(file: file.path)) {
            try MonteCarloRunner(replicates: 40, threads: 2, checkpoint: file, key: "k").run(seeds: seeds, replicate: Self.body)
        }
        let second = try MonteCarloRunner(replicates: 40, threads: 2, checkpoint: file, resume: true, key: "k").run(seeds: seeds, replicate: Self.body)
        #expect(!second.cancelled)
        #expect(second.restored == first.results.count)
        #expect(second.results == reference)
    }

    @Test func aTornLastLineIsIgnoredOnResume() throws {
        let dir = temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("run.checkpoint")
        let seeds = SeedTree(root: 5)
        let reference = try MonteCarloRunner(replicates: 20, threads: 2, checkpoint: file, key: "k").run(seeds: seeds, replicate: Self.body).results
        // Cut the file in the middle of its last line, as a SIGKILL during a write would.
        var data = try Data(contentsOf: file)
        data.removeLast(17)
        try data.write(to: file)
        let (_, partial, _) = try CheckpointFile.read(file, names: String.self)
        #expect(partial.count == 19)
        let resumed = try MonteCarloRunner(replicates: 20, threads: 2, checkpoint: file, resume: true, key: "k").run(seeds: seeds, replicate: Self.body)
        #expect(resumed.restored == 19)
        #expect(resumed.results == reference)
        #expect(try CheckpointFile.read(file, names: String.self).results == reference)
    }

    @Test func resumingAnotherRunIsRefused() throws {
        let dir = temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("run.checkpoint")
        _ = try MonteCarloRunner(replicates: 10, threads: 1, checkpoint: file, key: "a").run(seeds: SeedTree(root: 1), replicate: Self.body)
        #expect(throws: MonteCarloError.self) {
            try MonteCarloRunner(replicates: 10, threads: 1, checkpoint: file, resume: true, key: "b").run(seeds: SeedTree(root: 1), replicate: Self.body)
        }
        #expect(throws: MonteCarloError.self) {
            try MonteCarloRunner(replicates: 10, threads: 1, checkpoint: file, resume: true, key: "a").run(seeds: SeedTree(root: 2), replicate: Self.body)
        }
    }

    @Test func shardsMergeIntoTheSingleRun() throws {
        let dir = temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let seeds = SeedTree(root: 11)
        let single = try MonteCarloRunner(replicates: 37, threads: 2, key: "k").run(seeds: seeds, replicate: Self.body).results
        var files: [URL] = []
        for i in 0..<4 {
            let f = dir.appendingPathComponent("shard\(i).checkpoint")
            let out = try MonteCarloRunner(replicates: 37, threads: 2, shard: try Shard(index: i, count: 4), checkpoint: f, key: "k")
                .run(seeds: seeds, replicate: Self.body)
            #expect(Set(out.results.keys) == Set((0..<37).filter { $0 % 4 == i }))
            files.append(f)
        }
        let merged = try MonteCarloRunner.merge(files, names: String.self)
        #expect(merged.results == single)
        do {
            _ = try MonteCarloRunner.merge(Array(files.prefix(3)), names: String.self)
            Issue.record("a missing shard must be an error")
        } catch {
            #expect(error.description.contains("missing 9 replicates: 3, 7, 11"))
        }
    }

    @Test func shardsParse() throws {
        #expect(try Shard.parse("2/4") == Shard(index: 2, count: 4))
        #expect(throws: MonteCarloError.self) { try Shard.parse("4/4") }
        #expect(throws: MonteCarloError.self) { try Shard.parse("a/b") }
    }
}

/// The checkpoint checks a run makes before writing anything.
@Suite struct CheckpointCheckTests {
    @Test func anExistingCheckpointIsRefusedWithoutTouchingIt() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wl-cc-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("c.jsonl")
        try MonteCarloRunner(replicates: 4, threads: 1, checkpoint: file, key: "k").checkCheckpoint(seed: 1)  // nothing there yet
        _ = try MonteCarloRunner(replicates: 4, threads: 1, checkpoint: file, key: "k").run(seeds: SeedTree(root: 1), replicate: MonteCarloRunnerTests.body)
        let before = try Data(contentsOf: file)
        #expect(throws: MonteCarloError.checkpointExists(file: file.path)) {
            try MonteCarloRunner(replicates: 4, threads: 1, checkpoint: file, key: "k").checkCheckpoint(seed: 1)
        }
        #expect(throws: MonteCarloError.self) {
            try MonteCarloRunner(replicates: 4, threads: 1, checkpoint: file, resume: true, key: "other").checkCheckpoint(seed: 1)
        }
        try MonteCarloRunner(replicates: 4, threads: 1, checkpoint: file, resume: true, key: "k").checkCheckpoint(seed: 1)
        try MonteCarloRunner(replicates: 4, threads: 1, checkpoint: file, overwrite: true, key: "k").checkCheckpoint(seed: 1)
        #expect(try Data(contentsOf: file) == before)
        #expect(try CheckpointFile.readHeader(file) == CheckpointFile.Header(key: "k", replicates: 4, seed: 1, shard: "0/1"))
        try Data("not a checkpoint\n".utf8).write(to: file)
        #expect(throws: MonteCarloError.self) { try CheckpointFile.readHeader(file) }
    }
}
