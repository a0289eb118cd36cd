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
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(headerBytes), options: [])
        } catch {
            throw .malformedHeader(file: path, offset: 8, reason: "not valid JSON (\((error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "parse error"))")
        }
        guard let dict = object as? [String: Any] else {
            throw .malformedHeader(file: path, offset: 8, reason: "the header must be a JSON object")
        }
        try SafetensorsFile.checkDuplicateKeys(headerBytes, file: path)
        var meta: [String: String] = [:]
        if let m = dict["__metadata__"] {
            guard let m = m as? [String: Any] else { throw .malformedHeader(file: path, offset: 8, reason: "__metadata__ must be an object of strings") }
            for (k, v) in m {
                guard let s = v as? String else { throw .malformedHeader(file: path, offset: 8, reason: "__metadata__ value of '\(k)' is not a string") }
                meta[k] = s
            }
        }
        metadata = meta
        let dataSize = map.size - dataStart
        var layout: [(name: String, range: Range<Int>, info: TensorInfo?, dtype: String)] = []
        for (name, value) in dict where name != "__metadata__" {
            guard let entry = value as? [String: Any] else { throw .malformedHeader(file: path, offset: 8, reason: "entry '\(name)' is not an object") }
            guard let dtypeName = entry["dtype"] as? String else { throw .malformedHeader(file: path, offset: 8, reason: "entry '\(name)' has no dtype string") }
            guard let shapeAny = entry["shape"] as? [Any] else { throw .badShape(file: path, tensor: name, reason: "missing or not a list") }
            var shape: [Int] = []
            for d in shapeAny {
                guard let n = SafetensorsFile.integer(d), n >= 0 else {
                    throw .badShape(file: path, tensor: name, reason: "dimensions must be non-negative integers, got \(shapeAny)")
                }
                shape.append(n)
            }
            guard let offsets = entry["data_offsets"] as? [Any], offsets.count == 2,
                  let begin = SafetensorsFile.integer(offsets[0]), let end = SafetensorsFile.integer(offsets[1]),
                  begin >= 0, end >= begin
            else { throw .malformedHeader(file: path, offset: 8, reason: "entry '\(name)' needs data_offsets [begin, end] with 0 ≤ begin ≤ end") }
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

    /// A JSON number that is an integer representable as Int; nil for fractions, strings, bools.
    static func integer(_ value: Any) -> Int? {
        guard let n = value as? NSNumber, !(value is Bool) else { return nil }
        let d = n.doubleValue
        guard d.isFinite, d == d.rounded(), abs(d) < 9.0e18 else { return nil }
        return Int(n.int64Value)
    }

    /// Byte widths of safetensors dtypes WeightLab does not decode, for layout checks.
    static let otherWidths: [String: Int] = [
        "BOOL": 1, "U8": 1, "I8": 1, "F8_E4M3": 1, "F8_E5M2": 1, "I16": 2, "U16": 2,
        "I32": 4, "U32": 4, "I64": 8, "U64": 8, "C64": 8,
    ]

    /// JSONSerialization keeps one of two equal keys silently; a duplicate tensor name must be an
    /// error, so the top-level keys are scanned once by a small tokenizer.
    static func checkDuplicateKeys(_ bytes: UnsafeRawBufferPointer, file: String) throws(TensorIOError) {
        var depth = 0
        var i = 0
        var seen = Set<String>()
        var expectKey = false
        let n = bytes.count
        while i < n {
            let c = bytes[i]
            switch c {
            case UInt8(ascii: "{"):
                depth += 1
                expectKey = depth == 1
            case UInt8(ascii: "}"): depth -= 1
            case UInt8(ascii: "["): depth += 1
            case UInt8(ascii: "]"): depth -= 1
            case UInt8(ascii: ","): if depth == 1 { expectKey = true }
            case UInt8(ascii: "\""):
                var j = i + 1
                var raw: [UInt8] = []
                while j < n, bytes[j] != UInt8(ascii: "\"") {
                    if bytes[j] == UInt8(ascii: "\\") { raw.append(bytes[j]); j += 1 }
                    if j < n { raw.append(bytes[j]) }
                    j += 1
                }
                if depth == 1 && expectKey {
                    let key = String(decoding: raw, as: UTF8.self)
                    if !seen.insert(key).inserted { throw .duplicateName(file: file, tensor: key) }
                    expectKey = false
                }
                i = j
            default: break
            }
            i += 1
        }
    }

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
