import Foundation

/// An append-only JSON-lines file that survives a kill: one header line, then one line per
/// finished item, each appended and fsynced as it finishes. The checkpoints of scenario runs
/// (`MonteCarlo.CheckpointFile`) and of analyses (`Analysis.AnalysisCheckpoint`) are both one.
///
/// ```
/// {"format":"…","key":"…",…}        the header, written atomically (temporary file + rename)
/// {"index":17,…}                     one line per finished item, in the order they finished
/// {"index":4,…                       a line cut short by a kill: ignored, and cut away on resume
/// ```
/// Keys are sorted, and ±∞ and NaN are written as the strings "inf", "-inf" and "nan".
public final class JSONLinesLog: @unchecked Sendable {
    /// Why a log could not be read or written; `offset` is the byte offset of the line.
    public enum Failure: Error, Sendable, Equatable {
        case cannotRead(reason: String)
        case cannotWrite(reason: String)
        /// The file holds no complete line.
        case empty
        /// The first line is not a header of the expected type.
        case noHeader(offset: Int)
        /// A line's own check (the `accept` closure of ``read(_:header:line:escapingSlashes:accept:)``) refused it.
        case refused(offset: Int, reason: String)
    }

    public let url: URL
    private let handle: FileHandle
    private let lock = NSLock()
    private let encoder: JSONEncoder

    /// The encoder of the lines; `escapingSlashes: false` writes "/" as is.
    public static func encoder(escapingSlashes: Bool = true) -> JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = escapingSlashes ? [.sortedKeys] : [.sortedKeys, .withoutEscapingSlashes]
        e.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return e
    }

    public static func decoder() -> JSONDecoder {
        let d = JSONDecoder()
        d.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return d
    }

    /// Reads a log: its header and every complete line up to the first that does not decode
    /// (a torn last line), each passed to `accept` with its byte offset (a reason returned refuses
    /// the file); `validLength` is where the complete lines end, so a writer can cut the rest away.
    public static func read<Header: Decodable, Line: Decodable>(
        _ url: URL, header: Header.Type, line: Line.Type, accept: (Header, Line, Int) -> String? = { _, _, _ in nil }
    ) throws(Failure) -> (header: Header, lines: [Line], validLength: Int) {
        let data: Data
        do { data = try Data(contentsOf: url) } catch { throw .cannotRead(reason: error.localizedDescription) }
        let bytes = [UInt8](data), decoder = decoder()
        var head: Header?, lines: [Line] = []
        var offset = 0, validLength = 0
        while offset < bytes.count {
            guard let newline = bytes[offset...].firstIndex(of: 0x0A) else { break }  // torn last line
            let text = Data(bytes[offset..<newline])
            if let h = head {
                guard let l = try? decoder.decode(Line.self, from: text) else { break }
                if let why = accept(h, l, offset) { throw .refused(offset: offset, reason: why) }
                lines.append(l)
            } else {
                guard let h = try? decoder.decode(Header.self, from: text) else { throw .noHeader(offset: offset) }
                head = h
            }
            offset = newline + 1
            validLength = offset
        }
        guard let head else { throw .empty }
        return (head, lines, validLength)
    }

    /// The header line alone (the rest of the file is not read; at most 1 MiB is looked at).
    public static func readHeader<Header: Decodable>(_ url: URL, as: Header.Type) throws(Failure) -> Header {
        let handle: FileHandle
        do { handle = try FileHandle(forReadingFrom: url) } catch { throw .cannotRead(reason: error.localizedDescription) }
        defer { try? handle.close() }
        var line = Data()
        while line.count < 1 << 20 {
            let chunk: Data?
            do { chunk = try handle.read(upToCount: 4096) } catch { throw .cannotRead(reason: error.localizedDescription) }
            guard let chunk, !chunk.isEmpty else { break }
            if let newline = chunk.firstIndex(of: 0x0A) {
                line.append(chunk[chunk.startIndex..<newline])
                guard let h = try? decoder().decode(Header.self, from: line) else { break }
                return h
            }
            line.append(chunk)
        }
        throw .noHeader(offset: 0)
    }

    /// Opens for appending: a new file holding `header` (replacing any, its folder created), or
    /// (resume, `existingLength` given) an existing one cut to that length.
    public init<Header: Encodable>(url: URL, header: Header, existingLength: Int?, escapingSlashes: Bool = true) throws(Failure) {
        self.url = url
        encoder = Self.encoder(escapingSlashes: escapingSlashes)
        let fm = FileManager.default
        do {
            if let existingLength {
                let h = try FileHandle(forUpdating: url)
                try h.truncate(atOffset: UInt64(existingLength))
                try h.seekToEnd()
                handle = h
            } else {
                try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                var line = try encoder.encode(header)
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
        } catch { throw .cannotWrite(reason: error.localizedDescription) }
    }

    deinit { try? handle.close() }

    /// Appends one line and fsyncs (callers on several threads are serialised).
    public func append<Line: Encodable>(_ line: Line) throws(Failure) {
        lock.lock()
        defer { lock.unlock() }
        do {
            var data = try encoder.encode(line)
            data.append(0x0A)
            try handle.write(contentsOf: data)
            try handle.synchronize()
        } catch { throw .cannotWrite(reason: error.localizedDescription) }
    }
}
