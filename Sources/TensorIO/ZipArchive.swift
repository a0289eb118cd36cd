/// The directory of a ZIP archive holding stored (uncompressed) entries, as `torch.save` writes
/// them, read from a memory-mapped file without inflating anything.
///
/// Sizes and offsets come from the central directory (the local headers of `torch.save` carry
/// zero sizes, flag 0x0808), widened by its ZIP64 extra fields and located through the ZIP64
/// end-of-central-directory record when there is one. An entry's data starts at
///
///     data = local header offset + 30 + name length + local extra length
///
/// (the *local* extra length: PyTorch pads it so data is 64-byte aligned). Nothing is trusted:
/// the directory must lie inside the file, hold as many records as it declares and no more than
/// its size allows, every local header must carry its signature, every data range must lie inside
/// the file, and no two entries may overlap. Compressed or encrypted entries are refused, so a
/// zip bomb cannot be expanded: the reader never allocates more than the directory's own size.
struct ZipArchive: Sendable {
    /// One stored entry: its name, its data range in the file, and where its headers are.
    struct Entry: Sendable, Equatable {
        var name: String
        var dataOffset: Int
        var size: Int
        var localHeaderOffset: Int
        var centralHeaderOffset: Int
    }

    /// Entries in central-directory order.
    let entries: [Entry]
    private let byName: [String: Int]

    /// Signatures (little-endian u32).
    static let localSignature: UInt32 = 0x0403_4b50
    static let centralSignature: UInt32 = 0x0201_4b50
    static let endSignature: UInt32 = 0x0605_4b50
    static let zip64EndSignature: UInt32 = 0x0606_4b50
    static let zip64LocatorSignature: UInt32 = 0x0706_4b50

    /// Reads the directory of `map`; `file` names it in errors.
    init(map: MappedFile, file: String) throws(TensorIOError) {
        let reader = ByteReader(map: map, file: file)
        let end = try Self.findEnd(reader)
        var count = Int(try reader.u16(end + 10))
        var directorySize = Int(try reader.u32(end + 12))
        var directoryOffset = Int(try reader.u32(end + 16))
        if end >= 20, try reader.u32(end - 20) == Self.zip64LocatorSignature {
            let at = try reader.u64(end - 20 + 8, field: "ZIP64 end-of-directory offset")
            guard try reader.u32(at) == Self.zip64EndSignature else {
                throw .malformedArchive(file: file, offset: at, reason: "no ZIP64 end-of-central-directory record where the locator points")
            }
            count = try reader.u64(at + 32, field: "entry count")
            directorySize = try reader.u64(at + 40, field: "central directory size")
            directoryOffset = try reader.u64(at + 48, field: "central directory offset")
        }
        guard directoryOffset <= map.size, directorySize <= map.size - directoryOffset else {
            throw .malformedArchive(file: file, offset: end, reason: "the central directory [\(directoryOffset), +\(directorySize)) lies beyond the end of the file (\(map.size) bytes)")
        }
        guard count <= directorySize / 46 else {
            throw .malformedArchive(file: file, offset: end, reason: "\(count) entries cannot fit in a central directory of \(directorySize) bytes")
        }
        var entries: [Entry] = []
        var byName: [String: Int] = [:]
        var at = directoryOffset
        let directoryEnd = directoryOffset + directorySize
        for _ in 0..<count {
            let entry = try Self.entry(reader, at: at, directoryEnd: directoryEnd)
            guard byName.updateValue(entries.count, forKey: entry.entry.name) == nil else {
                throw .malformedArchive(file: file, offset: at, reason: "the entry '\(entry.entry.name)' appears twice")
            }
            entries.append(entry.entry)
            at = entry.next
        }
        try Self.checkOverlaps(entries, file: file)
        self.entries = entries
        self.byName = byName
    }

    /// The entry named `name`.
    func entry(_ name: String) -> Entry? { byName[name].map { entries[$0] } }

    /// The offset of the end-of-central-directory record: the last signature within the final
    /// 22 + 65535 bytes (the record plus the longest comment).
    private static func findEnd(_ reader: ByteReader) throws(TensorIOError) -> Int {
        let size = reader.map.size
        guard size >= 22 else { throw .malformedArchive(file: reader.file, offset: size, reason: "the file ends there, too short for a ZIP archive") }
        let lowest = max(0, size - 22 - 65535)
        var at = size - 22
        while at >= lowest {
            if try reader.u32(at) == endSignature { return at }
            at -= 1
        }
        throw .malformedArchive(file: reader.file, offset: size - 22, reason: "no end-of-central-directory record (truncated archive?)")
    }

    /// Reads the central-directory record at `at` and checks its local header.
    private static func entry(_ reader: ByteReader, at: Int, directoryEnd: Int) throws(TensorIOError) -> (entry: Entry, next: Int) {
        let file = reader.file
        guard at + 46 <= directoryEnd, try reader.u32(at) == centralSignature else {
            throw .malformedArchive(file: file, offset: at, reason: "expected a central-directory record")
        }
        let flags = try reader.u16(at + 8), method = try reader.u16(at + 10)
        var compressed = Int(try reader.u32(at + 20)), size = Int(try reader.u32(at + 24))
        let nameLength = Int(try reader.u16(at + 28)), extraLength = Int(try reader.u16(at + 30)), commentLength = Int(try reader.u16(at + 32))
        var local = Int(try reader.u32(at + 42))
        let next = at + 46 + nameLength + extraLength + commentLength
        guard next <= directoryEnd else { throw .malformedArchive(file: file, offset: at, reason: "the record runs past the end of the central directory") }
        let nameBytes = reader.map.bytes(at + 46, nameLength)
        guard let name = String(validating: nameBytes, as: UTF8.self) else {
            throw .malformedArchive(file: file, offset: at + 46, reason: "an entry name is not valid UTF-8")
        }
        // ZIP64 extra field (id 1): the 8-byte values of whichever fields were saturated, in order.
        var extra = at + 46 + nameLength
        let extraEnd = extra + extraLength
        while extra + 4 <= extraEnd {
            let id = try reader.u16(extra), length = Int(try reader.u16(extra + 2))
            guard extra + 4 + length <= extraEnd else { throw .malformedArchive(file: file, offset: extra, reason: "an extra field of '\(name)' runs past its record") }
            if id == 1 {
                var field = extra + 4
                for slot in 0..<3 {
                    let value = slot == 0 ? size : slot == 1 ? compressed : local
                    guard value == 0xFFFF_FFFF else { continue }
                    guard field + 8 <= extra + 4 + length else { throw .malformedArchive(file: file, offset: field, reason: "the ZIP64 field of '\(name)' is too short") }
                    let wide = try reader.u64(field, field: "ZIP64 value")
                    if slot == 0 { size = wide } else if slot == 1 { compressed = wide } else { local = wide }
                    field += 8
                }
            }
            extra += 4 + length
        }
        if flags & 1 != 0 { throw .malformedArchive(file: file, offset: at, reason: "the entry '\(name)' is encrypted") }
        guard method == 0, compressed == size else {
            throw .malformedArchive(file: file, offset: at, reason: "the entry '\(name)' is compressed (method \(method)); WeightLab reads only stored entries, as torch.save writes them (re-save the checkpoint with torch.save)")
        }
        guard local <= reader.map.size - 30, try reader.u32(local) == localSignature else {
            throw .malformedArchive(file: file, offset: at + 42, reason: "the local header of '\(name)' at byte \(local) is missing or beyond the end of the file")
        }
        let data = local + 30 + Int(try reader.u16(local + 26)) + Int(try reader.u16(local + 28))
        guard data <= reader.map.size, size <= reader.map.size - data else {
            throw .malformedArchive(file: file, offset: at + 24, reason: "the data of '\(name)' [\(data), +\(size)) lies beyond the end of the file (\(reader.map.size) bytes)")
        }
        return (Entry(name: name, dataOffset: data, size: size, localHeaderOffset: local, centralHeaderOffset: at), next)
    }

    /// Rejects two entries whose spans (local header through data) overlap.
    private static func checkOverlaps(_ entries: [Entry], file: String) throws(TensorIOError) {
        let sorted = entries.sorted { $0.localHeaderOffset < $1.localHeaderOffset }
        for (a, b) in zip(sorted, sorted.dropFirst()) where a.dataOffset + a.size > b.localHeaderOffset {
            throw .malformedArchive(file: file, offset: b.localHeaderOffset, reason: "the entries '\(a.name)' and '\(b.name)' overlap")
        }
    }
}
