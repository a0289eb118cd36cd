import Foundation
import TensorIO

/// The JSON-lines checkpoint of an analysis run (`OUT.checkpoint.jsonl` beside `--json OUT.json`):
/// a header line, then one line per finished step, appended and fsynced as each finishes.
///
/// ```
/// {"base":null,"format":"weightlab-analysis-checkpoint-1","inputs":["m.safetensors"],"key":"…","shard":"0/1","steps":14,"weightlab_version":"…"}
/// {"index":3,"report":{…}}
/// {"index":4,"skipped":{…}}
/// {"index":5,"problem":"…"}
/// ```
/// A last line cut short by a kill is ignored (and cut away on resume: a ``JSONLinesLog``). Resume and merge read
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

    private let log: JSONLinesLog
    public var url: URL { log.url }

    /// The checkpoint beside a JSON output: `OUT.json` → `OUT.checkpoint.jsonl`.
    public static func url(besideJSON json: URL) -> URL {
        let stem = json.pathExtension.lowercased() == "json" ? json.deletingPathExtension() : json
        return stem.deletingLastPathComponent().appendingPathComponent(stem.lastPathComponent + ".checkpoint.jsonl")
    }

    /// Reads a checkpoint: its header and the finished steps (a torn last line is dropped and its
    /// byte offset returned so a writer can cut it away).
    public static func read(_ url: URL) throws(AnalysisCheckpointError) -> (header: Header, records: [Int: AnalysisRecord], validLength: Int) {
        do {
            let (header, lines, validLength) = try JSONLinesLog.read(url, header: Header.self, line: Line.self) { h, l, _ in
                l.index >= 0 && l.index < h.steps ? nil : "step \(l.index) outside the run's \(h.steps) steps"
            }
            var records: [Int: AnalysisRecord] = [:]
            for l in lines where records[l.index] == nil {
                let record: AnalysisRecord? = l.report.map { .report($0) } ?? l.skipped.map { .skipped($0) } ?? l.problem.map { .problem($0) }
                if let record { records[l.index] = record }
            }
            return (header, records, validLength)
        } catch { throw error.analysis(url) }
    }

    /// Opens for appending: a new file with `header` (replacing any), or (resume) an existing one
    /// cut to `existingLength`.
    public init(url: URL, header: Header, existingLength: Int?) throws(AnalysisCheckpointError) {
        do { log = try JSONLinesLog(url: url, header: header, existingLength: existingLength, escapingSlashes: false) } catch { throw error.analysis(url) }
    }

    /// Appends one finished step and fsyncs.
    public func append(index: Int, record: AnalysisRecord) throws(AnalysisCheckpointError) {
        var line = Line(index: index)
        switch record {
        case let .report(r): line.report = r
        case let .skipped(s): line.skipped = s
        case let .problem(p): line.problem = p
        }
        do { try log.append(line) } catch { throw error.analysis(url) }
    }
}

extension JSONLinesLog.Failure {
    /// The analysis's error for this failure of its checkpoint `url`.
    func analysis(_ url: URL) -> AnalysisCheckpointError {
        switch self {
        case let .cannotRead(reason): return .cannotRead(file: url.path, reason: reason)
        case let .cannotWrite(reason): return .cannotWrite(file: url.path, reason: reason)
        case .empty: return .mismatch(file: url.path, offset: 0, reason: "the file has no header line")
        case let .noHeader(offset): return .mismatch(file: url.path, offset: offset, reason: "the first line is not a WeightLab analysis checkpoint header")
        case let .refused(offset, reason): return .mismatch(file: url.path, offset: offset, reason: reason)
        }
    }
}
