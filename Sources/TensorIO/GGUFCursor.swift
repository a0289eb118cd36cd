/// A bounds-checked little-endian reader over a GGUF file's bytes. Every read checks the bytes
/// left first, and every count or length is checked against them before anything is allocated:
/// a read that would pass the end throws an error naming the byte offset and what was read.
struct GGUFCursor {
    let bytes: UnsafeRawBufferPointer
    let file: String
    var position: Int

    init(bytes: UnsafeRawBufferPointer, file: String, position: Int = 0) {
        self.bytes = bytes
        self.file = file
        self.position = position
    }

    /// Bytes after the cursor.
    var remaining: Int { bytes.count - position }

    /// Ensures `count` bytes follow the cursor; `what` names the field for the error.
    func need(_ count: Int, _ what: String) throws(TensorIOError) {
        guard count <= remaining else {
            throw .malformedHeader(file: file, offset: position, reason: "the file ends inside the \(what) (needs \(count) bytes, \(remaining) left)")
        }
    }

    mutating func load<T: FixedWidthInteger>(_ type: T.Type, _ what: String) throws(TensorIOError) -> T {
        try need(MemoryLayout<T>.size, what)
        let v = T(littleEndian: bytes.loadUnaligned(fromByteOffset: position, as: T.self))
        position += MemoryLayout<T>.size
        return v
    }

    mutating func u32(_ what: String) throws(TensorIOError) -> UInt32 { try load(UInt32.self, what) }
    mutating func u64(_ what: String) throws(TensorIOError) -> UInt64 { try load(UInt64.self, what) }

    /// A count field whose items need at least `minimumSize` bytes each: checked against the
    /// bytes left before the caller allocates for it.
    mutating func count(_ what: String, minimumSize: Int) throws(TensorIOError) -> Int {
        let at = position
        let n = try u64(what)
        let limit = UInt64(remaining / max(minimumSize, 1))
        guard n <= limit else { throw .countTooLarge(file: file, offset: at, what: what, declared: n, limit: limit) }
        return Int(n)
    }

    /// A GGUF string: u64 length, then that many UTF-8 bytes (invalid sequences are an error).
    mutating func string(_ what: String) throws(TensorIOError) -> String {
        let at = position
        let n = try count("\(what) length", minimumSize: 1)
        let raw = UnsafeRawBufferPointer(rebasing: bytes[position..<position + n])
        guard let s = String(validating: raw, as: UTF8.self) else {
            throw .malformedHeader(file: file, offset: at, reason: "the \(what) is not valid UTF-8")
        }
        position += n
        return s
    }

    /// Skips a string without decoding it (for array elements beyond the stored limit).
    mutating func skipString(_ what: String) throws(TensorIOError) {
        let n = try count("\(what) length", minimumSize: 1)
        position += n
    }
}
