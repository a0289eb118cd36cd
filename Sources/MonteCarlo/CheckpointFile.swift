import Foundation
import TensorIO

/// The JSON-lines checkpoint of a run: a header line, then one line per finished replicate,
/// appended and fsynced as each finishes.
///
/// ```
/// {"format":"weightlab-checkpoint-1","key":"…","replicates":400,"seed":7,"shard":"0/1"}
/// {"index":17,"metrics":{"names":[…],"values":[…]}}
/// ```
/// A last line cut short by a kill is ignored (and cut away) on resume (a ``JSONLinesLog``).
public final class CheckpointFile: @unchecked Sendable {
    public struct Header: Codable, Equatable, Sendable {
        public var format = "weightlab-checkpoint-1"
        public var key: String
        public var replicates: Int
        public var seed: UInt64
        public var shard: String

        public init(key: String, replicates: Int, seed: UInt64, shard: String) {
            self.key = key
            self.replicates = replicates
            self.seed = seed
            self.shard = shard
        }
    }

    struct Line<Name: MetricName>: Codable {
        var index: Int
        var metrics: Metrics<Name>
    }

    private let log: JSONLinesLog
    public var url: URL { log.url }

    /// Reads a checkpoint: its header and the finished replicates (a torn last line is dropped and
    /// its byte offset returned so a writer can cut it away).
    public static func read<Name>(_ url: URL, names: Name.Type = Name.self)
        throws(MonteCarloError) -> (header: Header, results: [Int: Metrics<Name>], validLength: Int) {
        do {
            let (header, lines, validLength) = try JSONLinesLog.read(url, header: Header.self, line: Line<Name>.self)
            var results: [Int: Metrics<Name>] = [:]
            for l in lines where results[l.index] == nil { results[l.index] = l.metrics }
            return (header, results, validLength)
        } catch { throw error.monteCarlo(url) }
    }

    /// The header line alone (the rest of the file is not read).
    public static func readHeader(_ url: URL) throws(MonteCarloError) -> Header {
        do { return try JSONLinesLog.readHeader(url, as: Header.self) } catch { throw error.monteCarlo(url) }
    }

    /// Opens for appending: a new file with `header`, or (resume) an existing one cut to `validLength`.
    init(url: URL, header: Header, existingLength: Int?) throws(MonteCarloError) {
        do { log = try JSONLinesLog(url: url, header: header, existingLength: existingLength) } catch { throw error.monteCarlo(url) }
    }

    /// Appends one finished replicate and fsyncs.
    func append<Name>(index: Int, metrics: Metrics<Name>) throws(MonteCarloError) {
        do { try log.append(Line(index: index, metrics: metrics)) } catch { throw error.monteCarlo(url) }
    }
}

extension JSONLinesLog.Failure {
    /// The run's error for this failure of its checkpoint `url`.
    func monteCarlo(_ url: URL) -> MonteCarloError {
        switch self {
        case let .cannotRead(reason): return .cannotRead(file: url.path, reason: reason)
        case let .cannotWrite(reason): return .cannotWrite(file: url.path, reason: reason)
        case .empty: return .checkpointMismatch(file: url.path, reason: "the file has no header line")
        case .noHeader: return .checkpointMismatch(file: url.path, reason: "the first line is not a WeightLab checkpoint header")
        case let .refused(_, reason): return .checkpointMismatch(file: url.path, reason: reason)
        }
    }
}
