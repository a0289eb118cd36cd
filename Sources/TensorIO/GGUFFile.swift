import Foundation

/// A GGUF file (llama.cpp's format, versions 2 and 3), or a split checkpoint opened through any
/// one of its files (`NAME-00001-of-00003.gguf` … carrying `split.no`/`split.count`), memory-mapped
/// and validated on open (see ``GGUFPart`` for the checks); tensors are dequantised on request.
///
/// Readable tensors are F32, F16, BF16, F64 and the quantisations Q4_0, Q4_1, Q5_0, Q5_1, Q8_0,
/// Q2_K, Q3_K, Q4_K, Q5_K, Q6_K, which decode to F32 exactly as ggml does (``Dequantize``);
/// their ``TensorInfo/storage`` names the quantisation. Tensors of every other ggml type (IQ*,
/// TQ*, integer types, …) are listed in ``unsupportedTensors`` under their ggml type name.
/// Metadata values are kept as typed ``GGUFValue``s; an array keeps its first
/// ``storedArrayLimit`` elements (memory stays bounded by the file).
public final class GGUFFile: WeightFile, @unchecked Sendable {
    /// Array elements kept per metadata array (1 Mi; tokenizer vocabularies hold ~150 k).
    public static let storedArrayLimit = 1 << 20

    public let url: URL
    /// The files opened: `url` alone, or every file of a split checkpoint in split order.
    public let parts: [URL]
    /// The GGUF version of the (first) file.
    public let version: Int
    /// The first file's metadata in file order (a split's other files repeat only `split.*`).
    public let metadata: [(key: String, value: GGUFValue)]
    /// Every tensor in split and file order, decodable or not.
    public let entries: [GGUFTensorEntry]
    public let tensors: [TensorInfo]
    public let unsupportedTensors: [(name: String, dtype: String)]
    private let maps: [MappedFile]
    private let index: [String: Int]

    public init(url: URL) throws(TensorIOError) {
        self.url = url
        let first = try MappedFile(path: url.path)
        let head = try GGUFPart(map: first, part: 0)
        var maps = [first], parts = [head], urls = [url]
        if let split = try Self.split(head, file: url.path), split.count > 1 {
            let siblings = try Self.siblings(of: url, count: split.count, offset: head.keyOffsets["split.count"] ?? 24)
            maps = []
            parts = []
            urls = siblings
            for (i, sibling) in siblings.enumerated() {
                let map = sibling == url ? first : try MappedFile(path: sibling.path)
                let part = sibling == url && i == 0 ? head : try GGUFPart(map: map, part: i)
                let declared = try Self.split(part, file: sibling.path)
                guard declared?.number == i, declared?.count == split.count else {
                    throw .malformedHeader(file: sibling.path, offset: part.keyOffsets["split.no"] ?? 24, reason: "split.no/split.count say \(declared.map { "\($0.number) of \($0.count)" } ?? "nothing"), expected \(i) of \(split.count)")
                }
                maps.append(map)
                parts.append(part)
            }
            let total = parts.reduce(0) { $0 + $1.entries.count }
            if let expected = split.tensors, expected != total {
                throw .malformedHeader(file: url.path, offset: head.keyOffsets["split.tensors.count"] ?? 24, reason: "split.tensors.count is \(expected) but the \(split.count) files hold \(total) tensors")
            }
        }
        let entries = parts.flatMap(\.entries)
        var index: [String: Int] = [:]
        for (i, e) in entries.enumerated() where index.updateValue(i, forKey: e.name) != nil {
            throw .duplicateName(file: urls[e.part].path, tensor: e.name, offset: e.infoOffset)
        }
        self.parts = urls
        self.maps = maps
        self.index = index
        self.entries = entries
        version = parts[0].version
        metadata = parts[0].metadata
        tensors = entries.compactMap(\.info)
        unsupportedTensors = entries.filter { $0.info == nil }.map { ($0.name, $0.type.name) }
    }

    /// The split keys of a part: `split.no` (0-based), `split.count`, `split.tensors.count`;
    /// nil when the file is not a split.
    static func split(_ part: GGUFPart, file: String) throws(TensorIOError) -> (number: Int, count: Int, tensors: Int?)? {
        func value(_ key: String) -> GGUFValue? { part.metadata.first { $0.key == key }?.value }
        guard let countValue = value("split.count") else { return nil }
        guard let count = countValue.integer, (1...9999).contains(count), let number = value("split.no")?.integer, (0..<count).contains(number) else {
            throw .malformedHeader(file: file, offset: part.keyOffsets["split.count"] ?? 24, reason: "split.count/split.no are not a file number below a count of 1 to 9999")
        }
        return (Int(number), Int(count), value("split.tensors.count")?.integer.map { Int($0) })
    }

    /// The files of a split checkpoint named like `url`: `PREFIX-0000i-of-0000n.gguf`.
    static func siblings(of url: URL, count: Int, offset: Int) throws(TensorIOError) -> [URL] {
        let name = url.deletingPathExtension().lastPathComponent
        let suffix = String(format: "-of-%05d", count)
        guard name.count > 16, name.hasSuffix(suffix), name.dropLast(suffix.count).suffix(6).first == "-" else {
            throw .malformedHeader(file: url.path, offset: offset, reason: "the metadata declares split.count \(count) but the file name does not end in -NNNNN\(suffix).gguf")
        }
        let prefix = name.dropLast(suffix.count + 6)
        let folder = url.deletingLastPathComponent()
        return (1...count).map { folder.appendingPathComponent(String(format: "%@-%05d%@.gguf", String(prefix), $0, suffix)) }
    }

    /// The entry of tensor `name`.
    public func entry(_ name: String) -> GGUFTensorEntry? { index[name].map { entries[$0] } }

    public func location(of name: String) -> Int? { entry(name)?.infoOffset }

    /// The metadata value of `key`.
    public func value(_ key: String) -> GGUFValue? { metadata.first { $0.key == key }?.value }

    /// The values of `name` as `T`: an F64 tensor read as Double is exact; every other tensor is
    /// dequantised to Float (F64 rounded), then converted.
    public func values<T: WeightScalar>(_ name: String, as type: T.Type) throws(TensorIOError) -> [T] {
        try values(name, as: type, threads: nil)
    }

    /// ``values(_:as:)`` dequantised on at most `threads` threads (nil: every core).
    public func values<T: WeightScalar>(_ name: String, as type: T.Type, threads: Int?) throws(TensorIOError) -> [T] {
        guard let e = entry(name) else { throw .noSuchTensor(file: url.path, tensor: name) }
        let raw = maps[e.part].bytes(e.dataOffset, e.byteCount)
        if T.dtype == .f64, e.type.name == "F64" { return ElementCodec.decode(raw, dtype: .f64, count: e.count, as: type) }
        guard let values = Dequantize.floats(raw, type: e.type, count: e.count, threads: threads) else {
            throw .unknownDType(file: parts[e.part].path, tensor: name, offset: e.infoOffset, dtype: e.type.name)
        }
        return T.array(from: values)
    }

    /// Gives back the mapped pages of `name` (see ``Checkpoint/releasePages(of:)``).
    public func releasePages(of name: String) {
        guard let e = entry(name) else { return }
        PageRelease.release(maps[e.part].bytes(e.dataOffset, e.byteCount))
    }

    /// The stored bytes of an F32, F16, BF16 or F64 tensor (little-endian, as the reader decodes them).
    public func withPlainBytes<R>(_ name: String, _ body: (UnsafeRawBufferPointer) -> R) -> R? {
        guard let e = entry(name), ["F32", "F16", "BF16", "F64"].contains(e.type.name) else { return nil }
        return body(maps[e.part].bytes(e.dataOffset, e.byteCount))
    }
}
