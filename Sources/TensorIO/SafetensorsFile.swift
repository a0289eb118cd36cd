import Foundation

/// A safetensors file, memory-mapped and validated on open; tensors are decoded on request.
///
/// Validation trusts nothing: the header length is capped (100 MB) and checked against the file
/// size before anything is allocated; the header must be a UTF-8 JSON object; every entry needs a
/// known layout (dtype, non-negative shape whose element count does not overflow, data_offsets
/// that span exactly count × width bytes); the ranges must tile the data section from byte 0 with
/// no gap and no overlap, and the file must hold all of it.
public final class SafetensorsFile: @unchecked Sendable {
    /// The largest header WeightLab accepts.
    public static let headerLimit = 100_000_000

    public let url: URL
    public let metadata: [String: String]
    /// Readable tensors, in data-offset order.
    public let tensors: [TensorInfo]
    /// Tensors with a dtype WeightLab does not read (name → dtype), e.g. I64 position ids.
    public let unsupported: [String: String]
    private let ranges: [String: Range<Int>]
    private let dataStart: Int
    private let map: MappedFile

    public init(url: URL) throws(TensorIOError) {
        self.url = url
        let path = url.path
        map = try MappedFile(path: path)
        guard map.size >= 8 else { throw .tooShort(file: path, size: map.size, needed: 8) }
        let declared = map.bytes(0, 8).loadUnaligned(as: UInt64.self).littleEndian
        guard declared <= UInt64(Self.headerLimit), Int(declared) <= map.size - 8 else {
            throw .headerTooLarge(file: path, declared: declared, limit: min(Self.headerLimit, map.size - 8))
        }
        let headerLength = Int(declared)
        dataStart = 8 + headerLength
        let headerBytes = map.bytes(8, headerLength)
        guard String(validating: headerBytes, as: UTF8.self) != nil else {
            throw .malformedHeader(file: path, offset: 8, reason: "the header is not valid UTF-8")
        }
        let root: JSONValue
        do { root = try JSONValue.parse(headerBytes) } catch {
            throw .malformedHeader(file: path, offset: 8 + error.offset, reason: "not valid JSON (\(error.reason))")
        }
        guard case let .object(members) = root else {
            throw .malformedHeader(file: path, offset: 8, reason: "the header must be a JSON object")
        }
        var seen = Set<String>()
        for (name, _) in members where !seen.insert(name).inserted { throw .duplicateName(file: path, tensor: name) }
        var meta: [String: String] = [:]
        for (name, value) in members where name == "__metadata__" {
            guard case let .object(m) = value else { throw .malformedHeader(file: path, offset: 8, reason: "__metadata__ must be an object of strings") }
            for (k, v) in m {
                guard case let .string(s) = v else { throw .malformedHeader(file: path, offset: 8, reason: "__metadata__ value of '\(k)' is not a string") }
                meta[k] = s
            }
        }
        metadata = meta
        let dataSize = map.size - dataStart
        var layout: [(name: String, range: Range<Int>, info: TensorInfo?, dtype: String)] = []
        for (name, value) in members where name != "__metadata__" {
            guard case let .object(fields) = value else { throw .malformedHeader(file: path, offset: 8, reason: "entry '\(name)' is not an object") }
            let entry = Dictionary(fields, uniquingKeysWith: { first, _ in first })
            guard case let .string(dtypeName)? = entry["dtype"] else { throw .malformedHeader(file: path, offset: 8, reason: "entry '\(name)' has no dtype string") }
            guard case let .array(shapeItems)? = entry["shape"] else { throw .badShape(file: path, tensor: name, reason: "missing or not a list") }
            var shape: [Int] = []
            for d in shapeItems {
                guard case let .integer(n) = d, n >= 0 else {
                    throw .badShape(file: path, tensor: name, reason: "dimensions must be non-negative integers")
                }
                shape.append(Int(n))
            }
            guard case let .array(offsets)? = entry["data_offsets"], offsets.count == 2,
                  case let .integer(b) = offsets[0], case let .integer(e) = offsets[1], b >= 0, e >= b
            else { throw .malformedHeader(file: path, offset: 8, reason: "entry '\(name)' needs data_offsets [begin, end] with 0 ≤ begin ≤ end") }
            let begin = Int(b), end = Int(e)
            let width = DType(rawValue: dtypeName)?.byteWidth ?? SafetensorsFile.otherWidths[dtypeName]
            guard let width else { throw .unknownDType(file: path, tensor: name, dtype: dtypeName) }
            var count = 1
            for d in shape {
                let (p, overflow) = count.multipliedReportingOverflow(by: d)
                guard !overflow, p <= Int(Int32.max) * 1024 else { throw .badShape(file: path, tensor: name, reason: "element count of \(shape) overflows") }
                count = p
            }
            let (bytes, overflow) = count.multipliedReportingOverflow(by: width)
            guard !overflow else { throw .badShape(file: path, tensor: name, reason: "byte size of \(shape) overflows") }
            guard bytes == end - begin else { throw .sizeMismatch(file: path, tensor: name, expected: bytes, declared: end - begin) }
            let info = DType(rawValue: dtypeName).map { TensorInfo(name: name, dtype: $0, shape: shape) }
            layout.append((name, begin..<end, info, dtypeName))
        }
        layout.sort { ($0.range.lowerBound, $0.range.upperBound, $0.name) < ($1.range.lowerBound, $1.range.upperBound, $1.name) }
        var position = 0
        var previous = ""
        for item in layout {
            if item.range.lowerBound < position {
                throw .overlappingRanges(file: path, tensor: item.name, other: previous, offset: item.range.lowerBound)
            }
            if item.range.lowerBound > position {
                throw .gap(file: path, offset: position, length: item.range.lowerBound - position)
            }
            if item.range.upperBound > dataSize {
                throw .truncated(file: path, tensor: item.name, expectedEnd: dataStart + item.range.upperBound, fileSize: map.size)
            }
            position = item.range.upperBound
            if !item.range.isEmpty { previous = item.name }
        }
        if position < dataSize { throw .gap(file: path, offset: position, length: dataSize - position) }
        tensors = layout.compactMap(\.info)
        unsupported = Dictionary(uniqueKeysWithValues: layout.filter { $0.info == nil }.map { ($0.name, $0.dtype) })
        ranges = Dictionary(uniqueKeysWithValues: layout.map { ($0.name, $0.range) })
    }

    /// Byte widths of safetensors dtypes WeightLab does not decode, for layout checks.
    static let otherWidths: [String: Int] = [
        "BOOL": 1, "U8": 1, "I8": 1, "F8_E4M3": 1, "F8_E5M2": 1, "I16": 2, "U16": 2,
        "I32": 4, "U32": 4, "I64": 8, "U64": 8, "C64": 8,
    ]

    /// The info of tensor `name`, if it is readable.
    public func info(_ name: String) -> TensorInfo? { tensors.first { $0.name == name } }

    private func located(_ name: String) throws(TensorIOError) -> (TensorInfo, UnsafeRawBufferPointer) {
        if let dtype = unsupported[name] { throw .unknownDType(file: url.path, tensor: name, dtype: dtype) }
        guard let info = info(name), let range = ranges[name] else { throw .noSuchTensor(file: url.path, tensor: name) }
        return (info, map.bytes(dataStart + range.lowerBound, range.count))
    }

    /// The values of `name` as Float (f64 rounded, f16/bf16 exact).
    public func floats(_ name: String) throws(TensorIOError) -> [Float] {
        let (info, raw) = try located(name)
        return ElementCodec.decodeFloats(raw, dtype: info.dtype, count: info.count)
    }

    /// The values of `name` as Double (exact for every dtype).
    public func doubles(_ name: String) throws(TensorIOError) -> [Double] {
        let (info, raw) = try located(name)
        return ElementCodec.decodeDoubles(raw, dtype: info.dtype, count: info.count)
    }

    /// The raw little-endian bytes of `name`, without a copy.
    public func withRawBytes<R>(_ name: String, _ body: (UnsafeRawBufferPointer) throws -> R) throws -> R {
        let (_, raw) = try located(name)
        return try body(raw)
    }
}
