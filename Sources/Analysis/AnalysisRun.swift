import Foundation
import GSLKit
import TensorIO

/// One analysis over a ``TensorSource``: every step in order (or a shard's share of the tensors),
/// each tensor read, analysed with ``TensorAnalyzer`` and released before the next, its record
/// appended to a checkpoint when one is given, so that an interrupted run resumes with only
/// what is left and shards merge into the records of a single run.
///
/// The records are keyed by step index, so the outcome (``AnalysisOutcome``) does not depend on
/// the resume point or the shard split.
public struct AnalysisRun: Sendable {
    public let source: TensorSource
    public var options: AnalysisOptions
    public var shard: AnalysisShard?
    /// The WeightLab version recorded in the checkpoint header.
    public var version: String
    /// Tensors analysed at once (see ``run(restored:checkpoint:isCancelled:onRecord:progress:)``).
    public var parallelTensors = 2
    /// Worker threads of the moments-only scan of one tensor (the result does not depend on it).
    public var threads = ProcessInfo.processInfo.activeProcessorCount

    public init(source: TensorSource, options: AnalysisOptions, shard: AnalysisShard? = nil, version: String) {
        self.source = source
        self.options = options
        self.shard = shard
        self.version = version
    }

    /// A fingerprint of everything that determines the records, hashed (FNV-1a, 64 bits) from a
    /// canonical text: the options, the inputs and base as given, and every step (tensor name,
    /// dtype, shape and file; problems and skipped entries). Not the shard.
    public var key: String {
        var text = "weightlab-analyze-1\noptions \(options)\n"
        text += source.inputs.map { "input \($0)\n" }.joined() + "base \(source.basePath ?? "-")\n"
        for step in source.steps {
            switch step {
            case let .problem(p): text += "problem \(p)\n"
            case let .skipped(s): text += "skipped \(s.name) \(s.file) \(s.dtype?.name ?? "")\n"
            case let .tensor(t):
                text += "tensor \(t.info.name) \(t.info.dtype.rawValue) \(t.info.shape.map(String.init).joined(separator: "x")) \(t.entry.file.path)\n"
            }
        }
        return FNV1a.hex(text)
    }

    /// The checkpoint header of this run.
    public var header: AnalysisCheckpoint.Header {
        .init(key: key, steps: source.steps.count, shard: (shard ?? AnalysisShard(index: 0, count: 1)!).description,
              inputs: source.inputs, base: source.basePath, weightlabVersion: version)
    }

    /// The steps this run does, ascending: every problem and skipped step (each shard records
    /// them, merge keeps one), and the tensors ``AnalysisShard/assign(sizes:count:)`` gives it.
    public var ownedSteps: [Int] {
        let steps = source.steps
        guard let shard, shard.count > 1 else { return Array(steps.indices) }
        let tensorSteps = steps.indices.filter { if case .tensor = steps[$0] { return true } else { return false } }
        let owner = AnalysisShard.assign(sizes: tensorSteps.map { source.bytes(of: steps[$0]) }, count: shard.count)
        let mine = Set(zip(tensorSteps, owner).filter { $0.1 == shard.index }.map(\.0))
        return steps.indices.filter { i in
            if case .tensor = steps[i] { return mine.contains(i) }
            return true
        }
    }

    /// Runs the owned steps not in `restored`. Each record goes to `checkpoint` (when given) and
    /// to `onRecord` with the values read (nil for steps that read none); `progress` follows every
    /// finished tensor. Up to ``parallelTensors`` tensors are analysed at once while their bytes
    /// together fit within 9/8 of the largest tensor's (small tensors pair up, a large one runs
    /// alone or beside small ones: peak memory stays near that of the largest tensor). Callbacks
    /// are serialised; records may finish out of order (they are keyed by step). Stops between
    /// tensors when `isCancelled`
    /// says so. Returns the records of the owned steps: restored and new. BLAS runs single-threaded
    /// (the parallelism comes from the tensors and each tensor's four parts; OpenBLAS's own threads
    /// would only spin beside them), which also makes the records independent of the core count.
    public func run(
        restored: [Int: AnalysisRecord] = [:], checkpoint: AnalysisCheckpoint? = nil, isCancelled: () -> Bool = { false },
        onRecord: (Int, AnalysisRecord, TensorValues?) -> Void = { _, _, _ in }, progress: (AnalysisProgress) -> Void = { _ in }
    ) throws(AnalysisCheckpointError) -> [Int: AnalysisRecord] {
        LinearAlgebra.setBLASThreads(1)
        let owned = ownedSteps, steps = source.steps
        let ownedSet = Set(owned)
        let state = RunState(records: restored.filter { ownedSet.contains($0.key) })
        let tensorSteps = owned.filter { if case .tensor = steps[$0] { return true } else { return false } }
        let size = Dictionary(uniqueKeysWithValues: tensorSteps.map { ($0, source.bytes(of: steps[$0])) })
        let done = tensorSteps.filter { state.records[$0] != nil }
        state.progress = AnalysisProgress(tensorsDone: done.count, tensorsTotal: tensorSteps.count, bytesDone: done.reduce(0) { $0 + size[$1]! },
                                          bytesTotal: size.values.reduce(0, +), elapsed: 0, bytesPerSecond: 0, current: "")
        let pending = owned.filter { state.records[$0] == nil }
        // The largest tensor's bytes and an eighth more: small tensors keep the second core busy
        // beside the largest one's last parts, while peak memory stays near the largest's.
        let largest = pending.compactMap { size[$0] }.max() ?? 0
        let budget = largest + largest / 8
        let started = Date(), bytesBefore = state.progress.bytesDone
        /// Takes the next pending step once its bytes fit beside those in flight; nil at the end.
        func take() -> Int? {
            state.condition.lock()
            defer { state.condition.unlock() }
            while true {
                guard state.next < pending.count, state.failure == nil, !isCancelled() else { return nil }
                let i = pending[state.next], b = size[i] ?? 0
                if state.inFlight == 0 || state.inFlight + b <= budget {
                    state.next += 1
                    state.inFlight += b
                    return i
                }
                state.condition.wait()
            }
        }
        func worker() {
            while let i = take() {
                let record: AnalysisRecord, values: TensorValues?
                switch steps[i] {
                case let .problem(text): (record, values) = (.problem(text), nil)
                case let .skipped(s): (record, values) = (.skipped(s), nil)
                case let .tensor(t): (record, values) = analyse(t)
                }
                state.condition.lock()
                defer { state.condition.unlock() }
                state.inFlight -= size[i] ?? 0
                state.condition.broadcast()
                state.records[i] = record
                do { try checkpoint?.append(index: i, record: record) } catch { state.failure = state.failure ?? error }
                onRecord(i, record, values)
                guard case let .tensor(t) = steps[i] else { continue }
                var p = state.progress
                p.tensorsDone += 1
                p.bytesDone += size[i]!
                p.elapsed = Date().timeIntervalSince(started)
                p.bytesPerSecond = p.elapsed > 0 ? Double(p.bytesDone - bytesBefore) / p.elapsed : 0
                p.current = t.info.name
                state.progress = p
                progress(p)
            }
        }
        // The workers share `state` under its lock and call the callbacks only under it. They are
        // threads of their own, so that each tensor's parallel parts keep both cores.
        ParallelLoop.threads(count: max(1, min(parallelTensors, pending.count)), worker)
        if let failure = state.failure { throw failure }
        return state.records
    }

    /// What the workers of one run share, under `condition`'s lock.
    final class RunState: @unchecked Sendable {
        let condition = NSCondition()
        var records: [Int: AnalysisRecord]
        var next = 0
        var inFlight = 0
        var failure: AnalysisCheckpointError?
        var progress = AnalysisProgress(tensorsDone: 0, tensorsTotal: 0, bytesDone: 0, bytesTotal: 0, elapsed: 0, bytesPerSecond: 0, current: "")

        init(records: [Int: AnalysisRecord]) { self.records = records }
    }

    /// Reads and analyses one tensor: a report, a skipped entry (the analyzer's reason), or a
    /// problem (the reader's or the base's error).
    func analyse(_ t: TensorSource.Tensor) -> (AnalysisRecord, TensorValues?) {
        // A quantised tensor (GGUF) is reported under its storage type, e.g. Q4_K.
        let (name, shape, dtype) = (t.info.name, t.info.shape, StorageType(t.info))
        if options.isMomentsOnly, let scanned = scan(t) {
            switch scanned {
            case var .success(report):
                let notes = source.notes(for: t)
                if !notes.isEmpty { report.notes = (report.notes ?? []) + notes }
                return (.report(report), nil)
            case let .failure(error):
                return (.skipped(SkippedTensor(name: name, file: t.entry.file.path, dtype: dtype, shape: shape, reason: error.description)), nil)
            }
        }
        let values: TensorValues
        do { values = try source.values(of: t) } catch { return (.problem(error.description), nil) }
        do {
            var report: TensorReport
            switch values {
            case let .single(v):
                report = try v.withUnsafeBufferPointer { (p) throws(AnalysisError) in
                    try TensorAnalyzer.analyze(name: name, shape: shape, dtype: dtype, values: p, options: options)
                }
            case let .double(v):
                report = try v.withUnsafeBufferPointer { (p) throws(AnalysisError) in
                    try TensorAnalyzer.analyze(name: name, shape: shape, dtype: dtype, values: p, options: options)
                }
            }
            let notes = source.notes(for: t)
            if !notes.isEmpty { report.notes = (report.notes ?? []) + notes }
            return (.report(report), values)
        } catch {
            return (.skipped(SkippedTensor(name: name, file: t.entry.file.path, dtype: dtype, shape: shape, reason: error.description)), values)
        }
    }

    /// The moments-only report of `t` from its stored bytes in place (``MomentScan``), or nil when
    /// they must be decoded first (then ``analyse(_:)`` goes the long way, to the same report).
    func scan(_ t: TensorSource.Tensor) -> Result<TensorReport, AnalysisError>? {
        let result = source.withPlainBytes(of: t) { raw, dtype in
            Result { () throws(AnalysisError) in try MomentScan.summary(raw, dtype: dtype, count: t.info.count, workers: threads) }
        }
        switch result {
        case nil, .success(nil)?: return nil
        case let .failure(error)?: return .failure(error)
        case let .success(m?)?:
            return .success(TensorAnalyzer.momentsReport(name: t.info.name, shape: t.info.shape, dtype: .plain(t.info.dtype), moments: m))
        }
    }
}
