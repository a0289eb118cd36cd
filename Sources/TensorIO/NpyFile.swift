import Foundation

/// A NumPy `.npy` file (versions 1.0, 2.0, 3.0; `<f2`, `<f4`, `<f8`; C order), memory-mapped and
/// validated on open: magic, version, a header length capped at 1 MB and inside the file, a
/// parseable header dict, a supported descr, C order, an element count that does not overflow,
/// and a data section at least count × width long. Errors name the tensor (the file's stem) and
/// the file byte offset of the header key or data range at fault.
public final class NpyFile: WeightFile, @unchecked Sendable {
    /// The largest header accepted.
    public static let headerLimit = 1 << 20

    public let url: URL
    /// Name (the file's stem), dtype and shape.
    public let info: TensorInfo
    /// Major format version (1, 2 or 3).
    public let version: Int
    private let dataOffset: Int
    private let map: MappedFile

    public init(url: URL) throws(TensorIOError) {
        self.url = url
        let path = url.path
        let name = url.deletingPathExtension().lastPathComponent
        map = try MappedFile(path: path)
        guard map.size >= 10 else { throw .tooShort(file: path, size: map.size, needed: 10) }
        let head = map.bytes(0, 10)
        guard Array(head[0..<6]) == NpyFormat.magic else { throw .badMagic(file: path) }
        let major = Int(head[6])
        let declared: Int
        switch major {
        case 1:
            declared = Int(head[8]) | Int(head[9]) << 8
            dataOffset = 10 + declared
        case 2, 3:
            guard map.size >= 12 else { throw .tooShort(file: path, size: map.size, needed: 12) }
            let h = map.bytes(8, 4)
            declared = Int(h[0]) | Int(h[1]) << 8 | Int(h[2]) << 16 | Int(h[3]) << 24
            dataOffset = 12 + declared
        default:
            throw .unsupportedVersion(file: path, version: major)
        }
        version = major
        let headerStart = dataOffset - declared
        guard declared <= Self.headerLimit, dataOffset <= map.size else {
            throw .headerTooLarge(file: path, offset: 8, declared: UInt64(declared), limit: Self.headerLimit, available: map.size - headerStart)
        }
        let headerBytes = map.bytes(headerStart, declared)
        guard let header = String(validating: headerBytes, as: UTF8.self) else {
            let valid = SafetensorsFile.validUTF8Prefix(headerBytes)
            throw .malformedHeader(file: path, offset: headerStart + valid, reason: "the header is not valid text")
        }
        let parsed = try NpyFile.parseHeader(header, file: path, offset: headerStart)
        let dtype: DType
        switch parsed.descr {
        case "<f2", "=f2": dtype = .f16
        case "<f4", "=f4": dtype = .f32
        case "<f8", "=f8": dtype = .f64
        default: throw .unsupportedDescr(file: path, tensor: name, offset: parsed.descrOffset, descr: parsed.descr)
        }
        if parsed.fortranOrder, parsed.shape.filter({ $0 > 1 }).count > 1 {
            throw .fortranOrder(file: path, tensor: name, offset: parsed.fortranOffset)
        }
        var count = 1
        for d in parsed.shape {
            let (p, overflow) = count.multipliedReportingOverflow(by: d)
            guard !overflow, p <= SafetensorsFile.elementLimit else {
                throw .badShape(file: path, tensor: name, offset: parsed.shapeOffset, reason: "element count of \(parsed.shape) overflows")
            }
            count = p
        }
        let needed = count * dtype.byteWidth  // ≤ elementLimit × 8: no overflow
        guard map.size - dataOffset >= needed else {
            throw .truncated(file: path, tensor: name, offset: dataOffset, expectedEnd: dataOffset + needed, fileSize: map.size)
        }
        info = TensorInfo(name: name, dtype: dtype, shape: parsed.shape)
    }

    /// What the header dict says, with the file byte offset of each key.
    typealias Header = (descr: String, descrOffset: Int, fortranOrder: Bool, fortranOffset: Int, shape: [Int], shapeOffset: Int)

    /// Parses the Python-literal header dict: keys in any order, `True`/`False`, shape tuples
    /// such as `()`, `(5,)`, `(3, 4)`. `offset` is the file byte where `text` starts; errors
    /// point at the key whose value is wrong.
    static func parseHeader(_ text: String, file: String, offset: Int) throws(TensorIOError) -> Header {
        func at(_ i: String.Index) -> Int { offset + text.utf8.distance(from: text.startIndex, to: i) }
        func fail(_ why: String, _ i: String.Index) -> TensorIOError { .malformedHeader(file: file, offset: at(i), reason: why) }
        var t = Substring(text)
        while let c = t.first, c.isWhitespace { t.removeFirst() }
        while let c = t.last, c.isWhitespace { t.removeLast() }
        guard t.hasPrefix("{"), t.hasSuffix("}") else { throw fail("the header is not a dict", t.startIndex) }
        /// The key's position and the text after its colon.
        func value(after key: String) -> (key: String.Index, rest: Substring)? {
            for quote in ["'", "\""] {
                if let r = t.range(of: "\(quote)\(key)\(quote)") {
                    var rest = t[r.upperBound...].drop(while: { $0 == " " })
                    guard rest.first == ":" else { return nil }
                    rest = rest.dropFirst().drop(while: { $0 == " " })
                    return (r.lowerBound, rest)
                }
            }
            return nil
        }
        guard let (descrKey, d) = value(after: "descr"), let q = d.first, q == "'" || q == "\"",
              let close = d.dropFirst().firstIndex(of: q) else { throw fail("no 'descr' string", t.startIndex) }
        let descr = String(d[d.index(after: d.startIndex)..<close])
        guard let (fortranKey, f) = value(after: "fortran_order") else { throw fail("no 'fortran_order'", t.startIndex) }
        let fortran: Bool
        if f.hasPrefix("True") { fortran = true } else if f.hasPrefix("False") { fortran = false } else {
            throw fail("'fortran_order' is not True or False", fortranKey)
        }
        guard let (shapeKey, s) = value(after: "shape") else { throw fail("no 'shape' tuple", t.startIndex) }
        guard s.first == "(", let end = s.firstIndex(of: ")") else { throw fail("'shape' is not a tuple", shapeKey) }
        var shape: [Int] = []
        for part in s[s.index(after: s.startIndex)..<end].split(separator: ",") {
            let p = part.trimmingCharacters(in: .whitespaces)
            if p.isEmpty { continue }
            guard let v = Int(p.hasSuffix("L") ? String(p.dropLast()) : p), v >= 0 else { throw fail("bad dimension '\(p)' in shape", shapeKey) }
            shape.append(v)
        }
        return (descr, at(descrKey), fortran, at(fortranKey), shape, at(shapeKey))
    }

    private var raw: UnsafeRawBufferPointer { map.bytes(dataOffset, info.byteCount) }

    /// The values as `T` (exact as Double; F64 rounded to nearest as Float).
    public func values<T: WeightScalar>(as type: T.Type) throws(TensorIOError) -> [T] {
        ElementCodec.decode(raw, dtype: info.dtype, count: info.count, as: type)
    }

    public var tensors: [TensorInfo] { [info] }

    public func values<T: WeightScalar>(_ name: String, as type: T.Type) throws(TensorIOError) -> [T] {
        guard name == info.name else { throw .noSuchTensor(file: url.path, tensor: name) }
        return try values(as: type)
    }
}
