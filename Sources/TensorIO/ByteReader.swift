/// Bounds-checked little-endian reads from a mapped file; a read past the end is an error at the
/// offset of the field.
struct ByteReader {
    let map: MappedFile
    let file: String

    func check(_ at: Int, _ width: Int) throws(TensorIOError) {
        guard at >= 0, at <= map.size - width else {
            throw .malformedArchive(file: file, offset: max(0, min(at, map.size)), reason: "a \(width)-byte field runs past the end of the file (\(map.size) bytes)")
        }
    }

    func u16(_ at: Int) throws(TensorIOError) -> UInt16 {
        try check(at, 2)
        return map.bytes(at, 2).loadUnaligned(as: UInt16.self).littleEndian
    }

    func u32(_ at: Int) throws(TensorIOError) -> UInt32 {
        try check(at, 4)
        return map.bytes(at, 4).loadUnaligned(as: UInt32.self).littleEndian
    }

    /// A u64 that must fit in an Int below 2^62 (no file is larger).
    func u64(_ at: Int, field: String) throws(TensorIOError) -> Int {
        try check(at, 8)
        let v = map.bytes(at, 8).loadUnaligned(as: UInt64.self).littleEndian
        guard v < 1 << 62 else { throw .malformedArchive(file: file, offset: at, reason: "the \(field) \(v) is beyond any file") }
        return Int(v)
    }
}
