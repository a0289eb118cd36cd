import Foundation

/// A NumPy `.npy` file (versions 1.0, 2.0, 3.0; `<f2`, `<f4`, `<f8`; C order), memory-mapped and
/// validated on open: magic, version, a header length capped at 1 MB and inside the file, a
/// parseable header dict, a supported descr, and a data section exactly count × width long.
public final class NpyFile: @unchecked Sendable {
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
        map = try MappedFile(path: path)
        guard map.size >= 10 else { throw .tooShort(file: path, size: map.size, needed: 10) }
        let head = map.bytes(0, 10)
        guard Array(head[0..<6]) == NpyFormat.magic else { throw .badMagic(file: path) }
        let major = Int(head[6])
        let headerLength: Int
        switch major {
        case 1:
            headerLength = Int(head[8]) | Int(head[9]) << 8
            dataOffset = 10 + headerLength
        case 2, 3:
            guard map.size >= 12 else { throw .tooShort(file: path, size: map.size, needed: 12) }
            let h = map.bytes(8, 4)
            headerLength = Int(h[0]) | Int(h[1]) << 8 | Int(h[2]) << 16 | Int(h[3]) << 24
            dataOffset = 12 + headerLength
        default:
            throw .unsupportedVersion(file: path, version: major)
        }
        version = major
        guard headerLength <= Self.headerLimit, dataOffset <= map.size else {
            throw .headerTooLarge(file: path, declared: UInt64(headerLength), limit: min(Self.headerLimit, map.size))
        }
        let headerStart = dataOffset - headerLength
        guard let header = String(validating: map.bytes(headerStart, headerLength), as: UTF8.self) else {
            throw .malformedHeader(file: path, offset: headerStart, reason: "the header is not valid text")
        }
        let parsed = try NpyFile.parseHeader(header, file: path, offset: headerStart)
        let dtype: DType
        switch parsed.descr {
        case "<f2", "=f2": dtype = .f16
        case "<f4", "=f4": dtype = .f32
        case "<f8", "=f8": dtype = .f64
        default: throw .unsupportedDescr(file: path, descr: parsed.descr)
        }
        if parsed.fortranOrder, parsed.shape.filter({ $0 > 1 }).count > 1 { throw .fortranOrder(file: path) }
        let name = url.deletingPathExtension().lastPathComponent
        var count = 1
        for d in parsed.shape {
            let (p, overflow) = count.multipliedReportingOverflow(by: d)
            guard !overflow, p <= Int(Int32.max) * 1024 else { throw .badShape(file: path, tensor: name, reason: "element count of \(parsed.shape) overflows") }
            count = p
        }
        let needed = count * dtype.byteWidth
        guard map.size - dataOffset >= needed else {
            throw .truncated(file: path, tensor: name, expectedEnd: dataOffset + needed, fileSize: map.size)
        }
        info = TensorInfo(name: name, dtype: dtype, shape: parsed.shape)
    }

    /// Parses the Python-literal header dict: keys in any order, `True`/`False`, shape tuples
    /// such as `()`, `(5,)`, `(3, 4)`.
    static func parseHeader(_ text: String, file: String, offset: Int) throws(TensorIOError) -> (descr: String, fortranOrder: Bool, shape: [Int]) {
        func fail(_ why: String) -> TensorIOError { .malformedHeader(file: file, offset: offset, reason: why) }
        let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard t.hasPrefix("{"), t.hasSuffix("}") else { throw fail("the header is not a dict") }
        func value(after key: String) -> Substring? {
            for quote in ["'", "\""] {
                if let r = t.range(of: "\(quote)\(key)\(quote)") {
                    var rest = t[r.upperBound...].drop(while: { $0 == " " })
                    guard rest.first == ":" else { return nil }
                    rest = rest.dropFirst().drop(while: { $0 == " " })
                    return rest
                }
            }
            return nil
        }
        guard let d = value(after: "descr"), let q = d.first, q == "'" || q == "\"",
              let close = d.dropFirst().firstIndex(of: q) else { throw fail("no 'descr' string") }
        let descr = String(d[d.index(after: d.startIndex)..<close])
        guard let f = value(after: "fortran_order") else { throw fail("no 'fortran_order'") }
        let fortran: Bool
        if f.hasPrefix("True") { fortran = true } else if f.hasPrefix("False") { fortran = false } else { throw fail("'fortran_order' is not True or False") }
        guard let s = value(after: "shape"), s.first == "(", let end = s.firstIndex(of: ")") else { throw fail("no 'shape' tuple") }
        var shape: [Int] = []
        for part in s[s.index(after: s.startIndex)..<end].split(separator: ",") {
            let p = part.trimmingCharacters(in: .whitespaces)
            if p.isEmpty { continue }
            guard let v = Int(p.hasSuffix("L") ? String(p.dropLast()) : p), v >= 0 else { throw fail("bad dimension '\(p)' in shape") }
            shape.append(v)
        }
        return (descr, fortran, shape)
    }

    private var raw: UnsafeRawBufferPointer { map.bytes(dataOffset, info.byteCount) }

    /// The values as Float.
    public func floats() throws(TensorIOError) -> [Float] { ElementCodec.decodeFloats(raw, dtype: info.dtype, count: info.count) }

    /// The values as Double.
    public func doubles() throws(TensorIOError) -> [Double] { ElementCodec.decodeDoubles(raw, dtype: info.dtype, count: info.count) }
}
