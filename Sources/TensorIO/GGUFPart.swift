/// One GGUF file parsed and validated: header, metadata, tensor infos and data layout. A split
/// checkpoint is several of these (``GGUFFile`` joins them).
///
/// ```
/// "GGUF" | u32 version (2, 3) | u64 tensor count | u64 key/value count
/// key/value × n: string key, u32 type, value            (see GGUFValue)
/// tensor info × n: string name (≤ 64 bytes), u32 n_dims (≤ 4), u64 ne[n_dims], u32 type, u64 offset
/// padding to general.alignment (u32, a power of two; 32 when absent)
/// data section: tensor data at the declared offsets (multiples of the alignment)
/// ```
/// Checks, before any allocation sized by the file: counts and lengths against the bytes left;
/// names unique and valid UTF-8; known value and tensor types; `ne[0]` a multiple of the type's
/// block size; element counts below 2^41; every data range aligned, inside the file and not
/// overlapping another.
struct GGUFPart {
    let version: Int
    let metadata: [(key: String, value: GGUFValue)]
    /// File byte offset of each metadata key/value pair, for error messages.
    let keyOffsets: [String: Int]
    let alignment: Int
    let dataStart: Int
    let entries: [GGUFTensorEntry]

    /// The most values a tensor may declare (2^41), as for safetensors.
    static let elementLimit = 1 << 41

    init(map: MappedFile, part: Int) throws(TensorIOError) {
        let path = map.path
        guard map.size >= 24 else {
            if map.size >= 4, Array(map.bytes(0, 4)) != Array("GGUF".utf8) { throw .wrongMagic(file: path, format: "GGUF") }
            throw .tooShort(file: path, size: map.size, needed: 24)
        }
        var c = GGUFCursor(bytes: map.bytes(0, map.size), file: path)
        guard Array(map.bytes(0, 4)) == Array("GGUF".utf8) else { throw .wrongMagic(file: path, format: "GGUF") }
        c.position = 4
        let v = try c.u32("version")
        guard v == 2 || v == 3 else { throw .unsupportedFormatVersion(file: path, offset: 4, format: "GGUF", version: Int(v)) }
        version = Int(v)
        let tensorCountAt = c.position
        let declaredTensors = try c.u64("tensor count")
        let kvCount = try c.count("key/value count", minimumSize: 13)
        // Each tensor info takes at least 24 bytes: checked once the metadata has been read.
        var metadata: [(key: String, value: GGUFValue)] = []
        var keys: [String: Int] = [:]
        for _ in 0..<kvCount {
            let at = c.position
            let key = try c.string("metadata key")
            guard keys.updateValue(at, forKey: key) == nil else { throw .malformedHeader(file: path, offset: at, reason: "metadata key '\(key)' appears twice") }
            let type = try c.u32("value type of '\(key)'")
            metadata.append((key, try c.value(type: type, key: key)))
        }
        self.metadata = metadata
        keyOffsets = keys
        alignment = try Self.alignment(metadata, file: path, offset: keys["general.alignment"] ?? 24)
        let limit = UInt64(c.remaining / 24)
        guard declaredTensors <= limit else {
            throw .countTooLarge(file: path, offset: tensorCountAt, what: "tensor count", declared: declaredTensors, limit: limit)
        }
        var infos: [(name: String, at: Int, ne: [Int], type: GGUFTensorType, offset: UInt64)] = []
        infos.reserveCapacity(Int(declaredTensors))
        var names = Set<String>()
        for _ in 0..<Int(declaredTensors) {
            let info = try Self.tensorInfo(&c)
            guard names.insert(info.name).inserted else { throw .duplicateName(file: path, tensor: info.name, offset: info.at) }
            infos.append(info)
        }
        let (padded, overflow) = c.position.addingReportingOverflow(alignment - 1)
        dataStart = overflow ? Int.max : padded / alignment * alignment
        entries = try Self.layout(infos, part: part, dataStart: dataStart, alignment: alignment, fileSize: map.size, file: path)
    }

    /// `general.alignment`: a u32 power of two; 32 when absent.
    static func alignment(_ metadata: [(key: String, value: GGUFValue)], file: String, offset: Int) throws(TensorIOError) -> Int {
        guard let value = metadata.first(where: { $0.key == "general.alignment" })?.value else { return 32 }
        guard case let .uint32(a) = value, a > 0, a & (a - 1) == 0 else {
            throw .malformedHeader(file: file, offset: offset, reason: "general.alignment must be a u32 power of two, got \(value.summary())")
        }
        return Int(a)
    }

    /// Reads one tensor info and checks it on its own: name length, n_dims, dimensions, type,
    /// row length against the block size.
    static func tensorInfo(_ c: inout GGUFCursor) throws(TensorIOError) -> (name: String, at: Int, ne: [Int], type: GGUFTensorType, offset: UInt64) {
        let at = c.position
        let file = c.file
        let name = try c.string("tensor name")
        guard name.utf8.count <= 64 else {
            throw .malformedEntry(file: file, tensor: String(name.prefix(64)) + "…", offset: at, reason: "the name has \(name.utf8.count) bytes, more than 64")
        }
        let dimsAt = c.position
        let nDims = try c.u32("n_dims of '\(name)'")
        guard nDims <= 4 else { throw .badShape(file: file, tensor: name, offset: dimsAt, reason: "n_dims is \(nDims), more than 4") }
        var ne: [Int] = []
        // The product of the non-zero dimensions: bounding it keeps every partial product of the
        // shape, in any order, below 2^41 (a zero dimension must not hide an overflow elsewhere).
        var count = 1
        for _ in 0..<Int(nDims) {
            let d = try c.u64("dimension of '\(name)'")
            let (p, overflow) = count.multipliedReportingOverflow(by: d == 0 ? 1 : Int(clamping: d))
            guard d <= UInt64(elementLimit), !overflow, p <= elementLimit else {
                throw .badShape(file: file, tensor: name, offset: dimsAt, reason: "the element count of ne \(ne + [Int(clamping: d)]) exceeds 2^41")
            }
            count = p
            ne.append(Int(d))
        }
        let typeAt = c.position
        let id = try c.u32("type of '\(name)'")
        guard let type = GGUFTensorType(id: id) else {
            throw .malformedEntry(file: file, tensor: name, offset: typeAt, reason: "unknown ggml type \(id)")
        }
        let row = ne.first ?? 1
        guard row % type.blockSize == 0 else {
            throw .badShape(file: file, tensor: name, offset: dimsAt, reason: "the row length \(row) is not a multiple of \(type.name)'s block size \(type.blockSize)")
        }
        let offset = try c.u64("data offset of '\(name)'")
        return (name, at, ne, type, offset)
    }
}
