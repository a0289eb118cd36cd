import Foundation

/// The JSON-lines checkpoint of an analysis run (`OUT.checkpoint.jsonl` beside `--json OUT.json`):
/// a header line, then one line per finished step, appended and fsynced as each finishes.
///
/// ```
/// {"base":null,"format":"weightlab-analysis-checkpoint-1","inputs":["m.safetensors"],"key":"…","shard":"0/1","steps":14,"weightlab_version":"…"}
/// {"index":3,"report":{…}}
/// {"index":4,"skipped":{…}}
/// {"index":5,"problem":"…"}
/// ```
/// A last line cut short by a kill is ignored (and cut away on resume). Resume and merge read
/// the records back; the reports decode to values that encode to the same bytes.
public final class AnalysisCheckpoint: @unchecked Sendable {
    public struct Header: Codable, Equatable, Sendable {
        public var format = "weightlab-analysis-checkpoint-1"
        /// The run's fingerprint (``AnalysisRun/key``): shards and resumes must share it.
        public var key: String
        /// Steps in the whole (unsharded) run.
        public var steps: Int
        public var shard: String
        public var inputs: [String]
        public var base: String?
        public var weightlabVersion: String

        public init(key: String, steps: Int, shard: String, inputs: [String], base: String?, weightlabVersion: String) {
            self.key = key
            self.steps = steps
            self.shard = shard
            self.inputs = inputs
            self.base = base
            self.weightlabVersion = weightlabVersion
        }

        enum CodingKeys: String, CodingKey {
            case format, key, steps, shard, inputs, base
            case weightlabVersion = "weightlab_version"
        }
    }

    struct Line: Codable {
        var index: Int
        var report: TensorReport?
        var skipped: SkippedTensor?
        var problem: String?
    }

    public let url: URL
    private let handle: FileHandle
    private let lock = NSLock()

    static func encoder() -> JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        e.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return e
    }

    static func decoder() -> JSONDecoder {
        let d = JSONDecoder()
        d.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return d
    }

    /// The checkpoint beside a JSON output: `OUT.json` → `OUT.checkpoint.jsonl`.
    public static func url(besideJSON json: URL) -> URL {
        let stem = json.pathExtension.lowercased() == "json" ? json.deletingPathExtension() : json
        return stem.deletingLastPathComponent().appendingPathComponent(stem.lastPathComponent + ".checkpoint.jsonl")
    }

    /// Reads a checkpoint: its header and the finished steps (a torn last line is dropped and its
    /// byte offset returned so a writer can cut it away).
    public static func read(_ url: URL) throws(AnalysisCheckpointError) -> (header: Header, records: [Int: AnalysisRecord], validLength: Int) {
        let data: Data
        do { data = try Data(contentsOf: url) } catch { throw .cannotRead(file: url.path, reason: error.localizedDescription) }
        var records: [Int: AnalysisRecord] = [:]
        var header: Header?
        var offset = 0, validLength = 0
        let bytes = [UInt8](data), decoder = decoder()
        while offset < bytes.count {
            guard let newline = bytes[offset...].firstIndex(of: 0x0A) else { break }  // torn last line
            let line = Data(bytes[offset..<newline])
            if header == nil {
                guard let h = try? decoder.decode(Header.self, from: line) else {
                    throw .mismatch(file: url.path, offset: offset, reason: "the first line is not a WeightLab analysis checkpoint header")
                }
                header = h
            } else {
                guard let l = try? decoder.decode(Line.self, from: line) else { break }
                guard l.index >= 0, l.index < header!.steps else {
                    throw .mismatch(file: url.path, offset: offset, reason: "step \(l.index) outside the run's \(header!.steps) steps")
                }
                let record: AnalysisRecord? = l.report.map { .report($0) } ?? l.skipped.map { .skipped($0) } ?? l.problem.map { .problem($0) }
                if let record, records[l.index] == nil { records[l.index] = record }
            }
            offset = newline + 1
            validLength = offset
        }
        guard let header else { throw .mismatch(file: url.path, offset: 0, reason: "the file has no header line") }
        return (header, records, validLength)
    }

    /// Opens for appending: a new file with `header` (replacing any), or (resume) an existing one
    /// cut to `existingLength`.
    public init(url: URL, header: Header, existingLength: Int?) throws(AnalysisCheckpointError) {
        self.url = url
        let fm = FileManager.default
        do {
            if let existingLength {
                let h = try FileHandle(forUpdating: url)
                try h.truncate(atOffset: UInt64(existingLength))
                try h.seekToEnd()
                handle = h
            } else {
                var line = try AnalysisCheckpoint.encoder().encode(header)
                line.append(0x0A)
                // The header goes in atomically (temp + rename); lines are appended after.
                let temp = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())")
                try line.write(to: temp)
                if fm.fileExists(atPath: url.path) { try fm.removeItem(at: url) }
                try fm.moveItem(at: temp, to: url)
                let h = try FileHandle(forUpdating: url)
                try h.seekToEnd()
                handle = h
            }
        } catch { throw .cannotWrite(file: url.path, reason: error.localizedDescription) }
    }

    deinit { try? handle.close() }

    /// Appends one finished step and fsyncs.
    public func append(index: Int, record: AnalysisRecord) throws(AnalysisCheckpointError) {
        var line = Line(index: index)
        switch record {
        case let .report(r): line.report = r
        case let .skipped(s): line.skipped = s
        case let .problem(p): line.problem = p
        }
        lock.lock()
        defer { lock.unlock() }
        do {
            var data = try AnalysisCheckpoint.encoder().encode(line)
            data.append(0x0A)
            try handle.write(contentsOf: data)
            try handle.synchronize()
        } catch { throw .cannotWrite(file: url.path, reason: error.localizedDescription) }
    }
}
