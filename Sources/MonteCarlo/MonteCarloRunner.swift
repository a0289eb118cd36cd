import Foundation
import Sampling
import TensorIO

/// Runs replicates in parallel with per-replicate seed streams, so results never depend on the
/// thread count; appends each finished replicate to a checkpoint and can resume from it.
///
/// ```
/// replicate i draws from seeds / "replicate" / i
/// results are keyed by i: identical for any thread count, shard split or resume point
/// ```
public struct MonteCarloRunner: Sendable {
    public var replicates: Int
    public var threads: Int
    public var shard: Shard?
    public var checkpoint: URL?
    public var resume: Bool
    /// Replace an existing checkpoint instead of refusing to start.
    public var overwrite: Bool
    /// Fingerprint of what is being run (scenario text, seed, size): a checkpoint with another key
    /// is refused on resume.
    public var key: String

    public init(replicates: Int, threads: Int, shard: Shard? = nil, checkpoint: URL? = nil, resume: Bool = false,
                overwrite: Bool = false, key: String) {
        self.replicates = replicates
        self.threads = max(1, threads)
        self.shard = shard
        self.checkpoint = checkpoint
        self.resume = resume
        self.overwrite = overwrite
        self.key = key
    }

    /// What a run produced.
    public struct Outcome<Name: MetricName>: Sendable {
        /// Finished replicates of this shard, by index.
        public var results: [Int: Metrics<Name>]
        /// Indices this shard owns.
        public var owned: [Int]
        /// True when stopped by the cancellation flag before finishing.
        public var cancelled: Bool
        /// Replicates restored from the checkpoint.
        public var restored: Int
    }

    private final class State<Name: MetricName>: @unchecked Sendable {
        let lock = NSLock()
        var next = 0
        var results: [Int: Metrics<Name>] = [:]
        var error: MonteCarloError?
        var finishedHere = 0
    }

    /// The header this run writes to (and expects in) its checkpoint.
    func header(seed: UInt64) -> CheckpointFile.Header {
        CheckpointFile.Header(key: key, replicates: replicates, seed: seed, shard: shard?.description ?? "0/1")
    }

    /// Checks, without writing anything, that the run may use its checkpoint: an existing one is
    /// refused unless resuming (then it must be this run's: same key, replicates, seed and shard)
    /// or overwriting.
    public func checkCheckpoint(seed: UInt64) throws(MonteCarloError) {
        guard let checkpoint, FileManager.default.fileExists(atPath: checkpoint.path) else { return }
        if resume {
            let existing = try CheckpointFile.readHeader(checkpoint)
            guard existing == header(seed: seed) else {
                throw .checkpointMismatch(file: checkpoint.path, reason: "it was written for key \(existing.key.prefix(12))…, "
                                          + "\(existing.replicates) replicates, seed \(existing.seed), shard \(existing.shard)")
            }
        } else if !overwrite {
            throw .checkpointExists(file: checkpoint.path)
        }
    }

    public func run<Name>(
        seeds: SeedTree, cancellation: CancellationFlag = CancellationFlag(),
        progress: @escaping @Sendable (RunProgress) -> Void = { _ in },
        replicate: @escaping @Sendable (Int, SeedTree) throws -> Metrics<Name>
    ) throws(MonteCarloError) -> Outcome<Name> {
        let owned = (0..<replicates).filter { shard?.contains($0) ?? true }
        var restored: [Int: Metrics<Name>] = [:]
        var file: CheckpointFile?
        if let checkpoint {
            try checkCheckpoint(seed: seeds.root)
            let header = header(seed: seeds.root)
            if FileManager.default.fileExists(atPath: checkpoint.path) && resume {
                let existing = try CheckpointFile.read(checkpoint, names: Name.self)
                let ownedSet = Set(owned)
                restored = existing.results.filter { ownedSet.contains($0.key) }
                file = try CheckpointFile(url: checkpoint, header: header, existingLength: existing.validLength)
            } else {
                file = try CheckpointFile(url: checkpoint, header: header, existingLength: nil)
            }
        }
        let pending = owned.filter { restored[$0] == nil }
        let state = State<Name>()
        state.results = restored
        let total = owned.count
        let started = Date()
        let replicateSeeds = seeds.child("replicate")
        let workers = min(threads, max(1, pending.count))
        let output = file
        // Each worker takes the next pending replicate under the lock (replicates differ widely in
        // cost, so no static split); which worker runs one does not change its result.
        ParallelLoop.workers(count: workers) { _ in
            while true {
                state.lock.lock()
                if state.error != nil || cancellation.isCancelled || state.next >= pending.count {
                    state.lock.unlock()
                    return
                }
                let index = pending[state.next]
                state.next += 1
                state.lock.unlock()
                do {
                    let metrics = try replicate(index, replicateSeeds.child(index))
                    try output?.append(index: index, metrics: metrics)
                    state.lock.lock()
                    state.results[index] = metrics
                    state.finishedHere += 1
                    let done = state.results.count, here = state.finishedHere
                    state.lock.unlock()
                    let elapsed = Date().timeIntervalSince(started)
                    let rate = Double(here) / max(elapsed, 1e-9)
                    progress(RunProgress(done: done, total: total, elapsed: elapsed, rate: rate, eta: Double(total - done) / max(rate, 1e-9)))
                } catch {
                    state.lock.lock()
                    if state.error == nil {
                        state.error = (error as? MonteCarloError) ?? .replicateFailed(index: index, reason: "\(error)")
                    }
                    state.lock.unlock()
                    return
                }
            }
        }
        if let error = state.error { throw error }
        return Outcome(results: state.results, owned: owned, cancelled: state.results.count < total, restored: restored.count)
    }

    /// Joins shard checkpoints into the results of the whole run.
    public static func merge<Name>(_ files: [URL], names: Name.Type = Name.self)
        throws(MonteCarloError) -> (header: CheckpointFile.Header, results: [Int: Metrics<Name>]) {
        var header: CheckpointFile.Header?
        var results: [Int: Metrics<Name>] = [:]
        for f in files {
            let (h, r, _) = try CheckpointFile.read(f, names: Name.self)
            if let header {
                guard h.key == header.key, h.replicates == header.replicates, h.seed == header.seed else {
                    throw .checkpointMismatch(file: f.path, reason: "different scenario, seed or replicate count than \(files[0].path)")
                }
            } else {
                header = h
            }
            for (i, m) in r {
                if let existing = results[i], existing != m { throw .conflictingShards(index: i) }
                results[i] = m
            }
        }
        guard var header else { throw .cannotRead(file: "", reason: "no checkpoint files given") }
        let missing = (0..<header.replicates).filter { results[$0] == nil }
        guard missing.isEmpty else { throw .incompleteMerge(missing: missing) }
        header.shard = "0/1"
        return (header, results)
    }
}
