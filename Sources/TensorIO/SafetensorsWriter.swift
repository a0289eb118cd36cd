import Foundation

/// Streams tensors into a safetensors file: the header (every entry known up front), then each
/// tensor's values in order, converted to its dtype. Only the values passed to one `write` call
/// are held in memory; the file appears at `url` only when ``finish()`` succeeds.
///
/// ```
/// [u64 little-endian N][N bytes of JSON header, space-padded to a multiple of 8][data]
/// header: {"__metadata__": {…}, "name": {"dtype": "F32", "shape": [r, c], "data_offsets": [b, e]}, …}
/// ```
public final class SafetensorsWriter {
    public let url: URL
    public let entries: [TensorInfo]
    private let file: AtomicFile
    private var current = 0
    private var writtenInCurrent = 0
    private let dataStart: Int
    private var placed = false

    /// Creates the temporary file and writes the header.
    public init(url: URL, entries: [TensorInfo], metadata: [String: String], overwrite: Bool = false) throws(TensorIOError) {
        self.url = url
        self.entries = entries
        var seen = Set<String>()
        for e in entries {
            guard !e.name.isEmpty, e.name != "__metadata__" else { throw .writeMismatch(file: url.path, reason: "invalid tensor name '\(e.name)'") }
            guard seen.insert(e.name).inserted else { throw .duplicateName(file: url.path, tensor: e.name) }
            guard e.shape.allSatisfy({ $0 >= 0 }) else { throw .badShape(file: url.path, tensor: e.name, reason: "negative dimension in \(e.shape)") }
        }
        file = try AtomicFile(url: url, overwrite: overwrite)
        let header = SafetensorsWriter.header(entries: entries, metadata: metadata)
        dataStart = 8 + header.utf8.count
        var length = UInt64(header.utf8.count).littleEndian
        try withUnsafeBytes(of: &length) { (raw) throws(TensorIOError) in try file.write(raw) }
        try file.write(Data(header.utf8))
        skipEmpty()
    }

    /// The JSON header, `__metadata__` first and tensors in the given order, padded with spaces
    /// to a multiple of 8 bytes.
    static func header(entries: [TensorInfo], metadata: [String: String]) -> String {
        var parts: [String] = []
        if !metadata.isEmpty {
            let m = metadata.keys.sorted().map { "\(jsonString($0)):\(jsonString(metadata[$0]!))" }.joined(separator: ",")
            parts.append("\"__metadata__\":{\(m)}")
        }
        var offset = 0
        for e in entries {
            let end = offset + e.byteCount
            parts.append("\(jsonString(e.name)):{\"dtype\":\"\(e.dtype.rawValue)\",\"shape\":[\(e.shape.map(String.init).joined(separator: ","))],\"data_offsets\":[\(offset),\(end)]}")
            offset = end
        }
        var text = "{" + parts.joined(separator: ",") + "}"
        let pad = (8 - text.utf8.count % 8) % 8
        text += String(repeating: " ", count: pad)
        return text
    }

    static func jsonString(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 { out += String(format: "\\u%04x", u.value) } else { out.unicodeScalars.append(u) }
            }
        }
        return out + "\""
    }

    private func skipEmpty() {
        while current < entries.count, entries[current].count == 0 { current += 1 }
    }

    /// Appends values to the current tensor, moving on to the next one when it is full.
    /// Whether ``finish()`` fsyncs the file before renaming it (see ``AtomicFile/durable``).
    public var durable: Bool {
        get { file.durable }
        set { file.durable = newValue }
    }

    /// Gives the file its full size and returns where each tensor's data goes, for writing the
    /// values in place from several threads (``TensorPlacement``) instead of with ``write(_:)``;
    /// ``finish()`` then renames the file into place. The caller writes every element.
    public func placement() throws(TensorIOError) -> TensorPlacement {
        var starts: [Int] = [], offset = dataStart
        for e in entries {
            starts.append(offset)
            offset += e.byteCount
        }
        try file.reserve(size: offset)
        placed = true
        return TensorPlacement(file: file, entries: entries, starts: starts)
    }

    /// Appends values of either precision (converted to each tensor's dtype).
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func write<T: WeightScalar>(_ values: UnsafeBufferPointer<T>) throws(TensorIOError) {
        var start = 0
        while start < values.count {
            guard current < entries.count else {
                file.abandon()
                throw .writeMismatch(file: url.path, reason: "more values than the declared tensors hold")
            }
            let entry = entries[current]
            let n = min(entry.count - writtenInCurrent, values.count - start)
            let slice = UnsafeBufferPointer(rebasing: values[start..<(start + n)])
            try ElementCodec.encode(slice, as: entry.dtype) { (raw) throws(TensorIOError) in try file.write(raw) }
            writtenInCurrent += n
            start += n
            if writtenInCurrent == entry.count {
                current += 1
                writtenInCurrent = 0
                skipEmpty()
            }
        }
    }

    /// Checks that every tensor is complete, then fsyncs and renames the file into place.
    public func finish() throws(TensorIOError) {
        guard placed || current == entries.count else {
            let e = entries[current]
            file.abandon()
            throw .writeMismatch(file: url.path, reason: "tensor '\(e.name)' got \(writtenInCurrent) of \(e.count) values")
        }
        try file.commit()
    }
}
