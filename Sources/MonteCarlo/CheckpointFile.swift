import Foundation

/// The JSON-lines checkpoint of a run: a header line, then one line per finished replicate,
/// appended and fsynced as each finishes.
///
/// ```
/// {"format":"weightlab-checkpoint-1","key":"…","replicates":400,"seed":7,"shard":"0/1"}
/// {"index":17,"metrics":{"names":[…],"values":[…]}}
/// ```
/// A last line cut short by a kill is ignored (and cut away) on resume.
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

    struct Line: Codable {
        var index: Int
        var metrics: Metrics
    }

    public let url: URL
    private let handle: FileHandle
    private let lock = NSLock()

    static func encoder() -> JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        e.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return e
    }

    static func decoder() -> JSONDecoder {
        let d = JSONDecoder()
        d.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return d
    }

    /// Reads a checkpoint: its header and the finished replicates (a torn last line is dropped and
    /// its byte offset returned so a writer can cut it away).
    public static func read(_ url: URL) throws(MonteCarloError) -> (header: Header, results: [Int: Metrics], validLength: Int) {
        let data: Data
        do { data = try Data(contentsOf: url) } catch { throw .cannotRead(file: url.path, reason: error.localizedDescription) }
        var results: [Int: Metrics] = [:]
        var header: Header?
        var offset = 0
        var validLength = 0
        let bytes = [UInt8](data)
        let decoder = decoder()
        while offset < bytes.count {
            guard let newline = bytes[offset...].firstIndex(of: 0x0A) else { break }  // torn last line
            let line = Data(bytes[offset..<newline])
            if header == nil {
                guard let h = try? decoder.decode(Header.self, from: line) else {
                    throw .checkpointMismatch(file: url.path, reason: "the first line is not a WeightLab checkpoint header")
                }
                header = h
            } else {
                guard let l = try? decoder.decode(Line.self, from: line) else { break }
                if results[l.index] == nil { results[l.index] = l.metrics }
            }
            offset = newline + 1
            validLength = offset
        }
        guard let header else { throw .checkpointMismatch(file: url.path, reason: "the file has no header line") }
        return (header, results, validLength)
    }

    /// The header line alone (the rest of the file is not read).
    public static func readHeader(_ url: URL) throws(MonteCarloError) -> Header {
        let handle: FileHandle
        do { handle = try FileHandle(forReadingFrom: url) } catch { throw .cannotRead(file: url.path, reason: error.localizedDescription) }
        defer { try? handle.close() }
        var line = Data()
        while line.count < 1 << 20 {
            let chunk: Data?
            do { chunk = try handle.read(upToCount: 4096) } catch { throw .cannotRead(file: url.path, reason: error.localizedDescription) }
            guard let chunk, !chunk.isEmpty else { break }
            if let newline = chunk.firstIndex(of: 0x0A) {
                line.append(chunk[chunk.startIndex..<newline])
                guard let h = try? decoder().decode(Header.self, from: line) else { break }
                return h
            }
            line.append(chunk)
        }
        throw .checkpointMismatch(file: url.path, reason: "the first line is not a WeightLab checkpoint header")
    }

    /// Opens for appending: a new file with `header`, or (resume) an existing one cut to `validLength`.
    init(url: URL, header: Header, existingLength: Int?) throws(MonteCarloError) {
        self.url = url
        let fm = FileManager.default
        do {
            if let existingLength {
                let h = try FileHandle(forUpdating: url)
                try h.truncate(atOffset: UInt64(existingLength))
                try h.seekToEnd()
                handle = h
            } else {
                try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                var line = try CheckpointFile.encoder().encode(header)
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

    /// Appends one finished replicate and fsyncs.
    func append(index: Int, metrics: Metrics) throws(MonteCarloError) {
        lock.lock()
        defer { lock.unlock() }
        do {
            var line = try CheckpointFile.encoder().encode(Line(index: index, metrics: metrics))
            line.append(0x0A)
            try handle.write(contentsOf: line)
            try handle.synchronize()
        } catch { throw .cannotWrite(file: url.path, reason: error.localizedDescription) }
    }
}
