extension GGUFPart {
    /// Places every tensor's data: offsets are multiples of the alignment, the ranges lie inside
    /// the file and do not overlap (checked in offset order). Errors name the tensor and the file
    /// byte offset of its data (or of its tensor info when the offset itself is wrong).
    static func layout(
        _ infos: [(name: String, at: Int, ne: [Int], type: GGUFTensorType, offset: UInt64)],
        part: Int, dataStart: Int, alignment: Int, fileSize: Int, file: String
    ) throws(TensorIOError) -> [GGUFTensorEntry] {
        var entries: [GGUFTensorEntry] = []
        entries.reserveCapacity(infos.count)
        for t in infos {
            let count = t.ne.reduce(1, *)  // ≤ 2^41, checked on read
            let bytes = count / t.type.blockSize * t.type.typeSize
            guard t.offset % UInt64(alignment) == 0 else {
                throw .malformedEntry(file: file, tensor: t.name, offset: t.at, reason: "data offset \(t.offset) is not a multiple of the alignment \(alignment)")
            }
            guard t.offset <= UInt64(fileSize), dataStart <= fileSize else {
                throw .malformedEntry(file: file, tensor: t.name, offset: t.at, reason: "data offset \(t.offset) (after a data section starting at byte \(dataStart)) lies beyond the end of the file (\(fileSize) bytes)")
            }
            let start = dataStart + Int(t.offset)
            guard start + bytes <= fileSize else {
                if start >= fileSize, bytes > 0 {
                    throw .rangeOutOfFile(file: file, tensor: t.name, offset: start, end: start + bytes, fileSize: fileSize)
                }
                throw .truncated(file: file, tensor: t.name, offset: start, expectedEnd: start + bytes, fileSize: fileSize)
            }
            entries.append(GGUFTensorEntry(name: t.name, type: t.type, shape: Array(t.ne.reversed()), part: part, infoOffset: t.at, dataOffset: start, byteCount: bytes))
        }
        let sorted = entries.sorted { ($0.dataOffset, $0.byteCount, $0.name) < ($1.dataOffset, $1.byteCount, $1.name) }
        var end = 0
        var previous = ""
        for e in sorted where e.byteCount > 0 {
            if e.dataOffset < end { throw .overlappingRanges(file: file, tensor: e.name, other: previous, offset: e.dataOffset) }
            end = e.dataOffset + e.byteCount
            previous = e.name
        }
        return entries
    }
}
