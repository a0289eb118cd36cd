import Foundation

/// A safetensors file, memory-mapped and validated on open; tensors are decoded on request.
///
/// Validation trusts nothing: the header length is capped (100 MB) and checked against the file
/// size before anything is read or allocated; the header must be a UTF-8 JSON object without
/// duplicate names; every entry needs a known layout (dtype, non-negative shape whose element
/// count does not overflow, data_offsets that span exactly count × width bytes); the ranges must
/// tile the data section from byte 0 with no gap and no overlap, and the file must hold all of it.
/// Decoding a tensor allocates count × 4 or 8 bytes, where count × width is a range checked to
/// lie inside the file. Parsing the header costs memory proportional to the header alone: about
/// 24 bytes per header byte at worst (a 10 MB header of one-element arrays, `[[0],[0],…]`, peaks
/// at 240 MB above the process's baseline), so at most a few GB at the cap.
///
/// Opened with `skippingBadTensors`, a file whose header parses is accepted even when some of its
/// entries are not: an entry with an unknown dtype, a bad shape, a size that disagrees with its
/// range, a range outside the file or overlapping an earlier one is left out and its error kept
/// in ``skipped``; gaps are then tolerated (a left-out tensor leaves one). Every tensor that is
/// kept has passed the same checks as in a strict open, so reading it is as safe. A header that
/// does not parse, a duplicate name or a bad `__metadata__` still rejects the whole file: with a
/// header that lies about its own structure no entry can be trusted.
public final class SafetensorsFile: WeightFile, @unchecked Sendable {
    /// The largest header WeightLab accepts.
    public static let headerLimit = 100_000_000

    public let url: URL
    public let metadata: [String: String]
    /// Readable tensors, in data-offset order.
    public let tensors: [TensorInfo]
    /// Tensors with a dtype WeightLab does not read (name → dtype), e.g. I64 position ids.
    public let unsupported: [String: String]
    /// With `skippingBadTensors`: the entries left out, each with the error that rejected it, in
    /// the order they were found (header order, then data order). Empty for a strict open.
    public let skipped: [TensorIOError]
    /// name → where the entry is: its data range (relative to the data section), the file byte
    /// offsets of its name and of its dtype field in the header.
    private let layouts: [String: Layout]
    private let dataStart: Int
    private let map: MappedFile

    /// The `__metadata__` object of the header's members: strings by key (empty when absent).
    private static func metadata(_ members: [JSONValue.Member], file path: String) throws(TensorIOError) -> [String: String] {
        var meta: [String: String] = [:]
        for m in members where m.key == "__metadata__" {
            guard case let .object(pairs) = m.value else {
                throw .malformedHeader(file: path, offset: 8 + m.offset, reason: "__metadata__ must be an object of strings")
            }
            for pair in pairs {
                guard case let .string(s) = pair.value else {
                    throw .malformedHeader(file: path, offset: 8 + pair.offset, reason: "__metadata__ value of '\(pair.key)' is not a string")
                }
                meta[pair.key] = s
            }
        }
        return meta
    }

    /// One validated header entry; `info` is nil for a dtype WeightLab does not decode.
    typealias Layout = (name: String, offset: Int, dtypeOffset: Int, range: Range<Int>, dtype: String, info: TensorInfo?)

    /// Opens and validates `url`; with `skippingBadTensors`, bad entries are left out (see the
    /// type's description) instead of rejecting the file.
    public init(url: URL, skippingBadTensors: Bool = false) throws(TensorIOError) {
        self.url = url
        let path = url.path
        map = try MappedFile(path: path)
        guard map.size >= 8 else { throw .tooShort(file: path, size: map.size, needed: 8) }
        let declared = map.bytes(0, 8).loadUnaligned(as: UInt64.self).littleEndian
        guard declared <= UInt64(Self.headerLimit), declared <= UInt64(map.size - 8) else {
            throw .headerTooLarge(file: path, offset: 0, declared: declared, limit: Self.headerLimit, available: map.size - 8)
        }
        let headerLength = Int(declared)
        dataStart = 8 + headerLength
        let headerBytes = map.bytes(8, headerLength)
        if String(validating: headerBytes, as: UTF8.self) == nil {
            let valid = Self.validUTF8Prefix(headerBytes)
            throw .malformedHeader(file: path, offset: 8 + valid, reason: "the header is not valid UTF-8")
        }
        let root: JSONValue
        do { root = try JSONValue.parse(headerBytes) } catch {
            throw .malformedHeader(file: path, offset: 8 + error.offset, reason: "not valid JSON (\(error.reason))")
        }
        guard case let .object(members) = root else {
            throw .malformedHeader(file: path, offset: 8, reason: "the header must be a JSON object")
        }
        var seen = Set<String>()
        for m in members where !seen.insert(m.key).inserted { throw .duplicateName(file: path, tensor: m.key, offset: 8 + m.offset) }
        metadata = try Self.metadata(members, file: path)

        var skipped: [TensorIOError] = []
        func reject(_ error: TensorIOError) throws(TensorIOError) {
            guard skippingBadTensors else { throw error }
            skipped.append(error)
        }
        var candidates: [Layout] = []
        for m in members where m.key != "__metadata__" {
            do { candidates.append(try Self.layout(m, file: path)) } catch { try reject(error) }
        }
        candidates.sort { ($0.range.lowerBound, $0.range.upperBound, $0.name) < ($1.range.lowerBound, $1.range.upperBound, $1.name) }
        let dataSize = map.size - dataStart
        var kept: [Layout] = []
        var position = 0
        var previous = ""
        for item in candidates {
            let start = dataStart + item.range.lowerBound
            do throws(TensorIOError) {
                if item.range.lowerBound < position {
                    throw .overlappingRanges(file: path, tensor: item.name, other: previous, offset: start)
                }
                if item.range.upperBound > dataSize {
                    if item.range.lowerBound >= dataSize {
                        throw .rangeOutOfFile(file: path, tensor: item.name, offset: start, end: dataStart + item.range.upperBound, fileSize: map.size)
                    }
                    throw .truncated(file: path, tensor: item.name, offset: start, expectedEnd: dataStart + item.range.upperBound, fileSize: map.size)
                }
                if item.range.lowerBound > position, !skippingBadTensors {
                    throw .gap(file: path, offset: dataStart + position, length: item.range.lowerBound - position, before: item.name)
                }
            } catch {
                try reject(error)
                continue
            }
            kept.append(item)
            position = item.range.upperBound
            if !item.range.isEmpty { previous = item.name }
        }
        if position < dataSize, !skippingBadTensors {
            throw .gap(file: path, offset: dataStart + position, length: dataSize - position, before: nil)
        }
        tensors = kept.compactMap(\.info)
        unsupported = Dictionary(uniqueKeysWithValues: kept.filter { $0.info == nil }.map { ($0.name, $0.dtype) })
        layouts = Dictionary(uniqueKeysWithValues: kept.map { ($0.name, $0) })
        self.skipped = skipped
    }

    /// Validates one header entry on its own (everything but its place among the others).
    /// Offsets in errors are file bytes: the entry's name, or the field that is wrong.
    static func layout(_ member: JSONValue.Member, file: String) throws(TensorIOError) -> Layout {
        let name = member.key
        let at = 8 + member.offset
        guard case let .object(list) = member.value else { throw .malformedEntry(file: file, tensor: name, offset: at, reason: "not an object") }
        var fields: [String: JSONValue.Member] = [:]
        for f in list where fields.updateValue(f, forKey: f.key) != nil {
            throw .malformedEntry(file: file, tensor: name, offset: 8 + f.offset, reason: "field '\(f.key)' appears twice")
        }
        guard let dtypeField = fields["dtype"] else { throw .malformedEntry(file: file, tensor: name, offset: at, reason: "no dtype") }
        guard case let .string(dtypeName) = dtypeField.value else {
            throw .malformedEntry(file: file, tensor: name, offset: 8 + dtypeField.offset, reason: "dtype is not a string")
        }
        guard let shapeField = fields["shape"] else { throw .badShape(file: file, tensor: name, offset: at, reason: "no shape") }
        let shapeAt = 8 + shapeField.offset
        guard case let .array(items) = shapeField.value else { throw .badShape(file: file, tensor: name, offset: shapeAt, reason: "not a list") }
        var shape: [Int] = []
        for d in items {
            guard case let .integer(n) = d, n >= 0 else {
                throw .badShape(file: file, tensor: name, offset: shapeAt, reason: "dimensions must be non-negative integers")
            }
            shape.append(Int(n))
        }
        guard let offsetsField = fields["data_offsets"] else { throw .malformedEntry(file: file, tensor: name, offset: at, reason: "no data_offsets") }
        let offsetsAt = 8 + offsetsField.offset
        guard case let .array(offsets) = offsetsField.value, offsets.count == 2,
              case let .integer(b) = offsets[0], case let .integer(e) = offsets[1], b >= 0, e >= b
        else { throw .malformedEntry(file: file, tensor: name, offset: offsetsAt, reason: "data_offsets must be [begin, end] with 0 ≤ begin ≤ end") }
        guard e <= Self.offsetLimit else {
            throw .malformedEntry(file: file, tensor: name, offset: offsetsAt, reason: "data_offsets end at \(e), beyond any file (the limit is 2^62)")
        }
        let begin = Int(b), end = Int(e)
        guard let width = DType(rawValue: dtypeName)?.byteWidth ?? SafetensorsFile.otherWidths[dtypeName] else {
            throw .unknownDType(file: file, tensor: name, offset: 8 + dtypeField.offset, dtype: dtypeName)
        }
        var count = 1
        for d in shape {
            let (p, overflow) = count.multipliedReportingOverflow(by: d)
            guard !overflow, p <= Self.elementLimit else {
                throw .badShape(file: file, tensor: name, offset: shapeAt, reason: "element count of \(shape) overflows")
            }
            count = p
        }
        let bytes = count * width  // ≤ elementLimit × 8: no overflow
        guard bytes == end - begin else {
            throw .sizeMismatch(file: file, tensor: name, offset: offsetsAt, expected: bytes, declared: end - begin)
        }
        let info = DType(rawValue: dtypeName).map { TensorInfo(name: name, dtype: $0, shape: shape) }
        return (name, at, 8 + dtypeField.offset, begin..<end, dtypeName, info)
    }

    /// The most elements a tensor may declare (2^41 ≈ 2.2 · 10^12, 17.6 TB of f64): far beyond
    /// any file, small enough that count × width cannot overflow.
    static let elementLimit = 1 << 41

    /// The largest data offset accepted (2^62): far beyond any file, small enough that adding the
    /// data section's start (≤ 8 + ``headerLimit``) cannot overflow.
    static let offsetLimit: Int64 = 1 << 62

    /// The length of the longest valid UTF-8 prefix of `bytes` (where a decoder first fails).
    static func validUTF8Prefix(_ bytes: UnsafeRawBufferPointer) -> Int {
        var decoder = UTF8()
        var iterator = bytes.makeIterator()
        var position = 0
        while true {
            switch decoder.decode(&iterator) {
            case let .scalarValue(s): position += UTF8.width(s)
            case .emptyInput, .error: return position
            }
        }
    }

    /// Byte widths of safetensors dtypes WeightLab does not decode, for layout checks.
    static let otherWidths: [String: Int] = [
        "BOOL": 1, "U8": 1, "I8": 1, "F8_E4M3": 1, "F8_E5M2": 1, "I16": 2, "U16": 2,
        "F8_E8M0": 1, "I32": 4, "U32": 4, "I64": 8, "U64": 8, "C64": 8,
    ]

    /// The info of tensor `name`, if it is readable.
    public func info(_ name: String) -> TensorInfo? { tensors.first { $0.name == name } }

    /// The file byte offset of `name`'s entry in the header, if the tensor was kept.
    func headerOffset(_ name: String) -> Int? { layouts[name]?.offset }

    public func location(of name: String) -> Int? { headerOffset(name) }

    public func releasePages(of name: String) { try? withRawBytes(name) { PageRelease.release($0) } }

    public func withPlainBytes<R>(_ name: String, _ body: (UnsafeRawBufferPointer) -> R) -> R? {
        guard let layout = layouts[name], layout.info != nil else { return nil }
        return body(map.bytes(dataStart + layout.range.lowerBound, layout.range.count))
    }

    public var unsupportedTensors: [(name: String, dtype: String)] {
        unsupported.sorted { $0.key < $1.key }.map { (name: $0.key, dtype: $0.value) }
    }

    private func located(_ name: String) throws(TensorIOError) -> (TensorInfo, UnsafeRawBufferPointer) {
        guard let layout = layouts[name] else { throw .noSuchTensor(file: url.path, tensor: name) }
        guard let info = layout.info else { throw .unknownDType(file: url.path, tensor: name, offset: layout.dtypeOffset, dtype: layout.dtype) }
        return (info, map.bytes(dataStart + layout.range.lowerBound, layout.range.count))
    }

    /// The values of `name` as `T` (exact as Double; as Float f64 is rounded, f16/bf16 exact).
    public func values<T: WeightScalar>(_ name: String, as type: T.Type) throws(TensorIOError) -> [T] {
        let (info, raw) = try located(name)
        return ElementCodec.decode(raw, dtype: info.dtype, count: info.count, as: type)
    }

    /// The raw little-endian bytes of `name`, without a copy.
    public func withRawBytes<R>(_ name: String, _ body: (UnsafeRawBufferPointer) throws -> R) throws -> R {
        let (_, raw) = try located(name)
        return try body(raw)
    }
}
