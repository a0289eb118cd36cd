/// The legacy `torch.save` format (before torch 1.6, `_use_new_zipfile_serialization=False`).
///
/// Five pickles in a row: the magic number 0x1950a86a20f9469cfc6c, the protocol version 1001,
/// `sys_info` (`little_endian` must be true), the object, and the list of storage keys. After
/// them, for each key in that order, an i64 element count and the storage's raw bytes
/// (count × the element width its persistent id declared).
extension PyTorchFile {
    /// The magic number, as LONG1's little-endian bytes.
    static let legacyMagic: [UInt8] = [0x6C, 0xFC, 0x9C, 0x46, 0xF9, 0x20, 0x6A, 0xA8, 0x50, 0x19]

    static func readLegacy(_ map: MappedFile, file: String) throws(TensorIOError) -> (PickleValue, [PickleNode], StorageTable, Int) {
        var machine = PickleMachine(bytes: map.bytes(0, map.size), base: 0, file: file)
        guard case let .bigInt(magic) = try machine.load(), magic == legacyMagic else {
            throw .malformedArchive(file: file, offset: 0, reason: "not a torch.save file (the legacy magic number is missing)")
        }
        var at = machine.position
        guard try machine.load() == .int(1001) else { throw .malformedArchive(file: file, offset: at, reason: "unsupported legacy protocol version") }
        at = machine.position
        if case let .node(i) = try machine.load(), case let .dict(items, index) = machine.nodes[i],
           let e = index["little_endian"], items[e].value == .bool(false) {
            throw .malformedArchive(file: file, offset: at, reason: "a big-endian legacy checkpoint: only little-endian checkpoints are read")
        }
        let rootOffset = machine.position
        let root = try machine.load()
        at = machine.position
        guard case let .node(k) = try machine.load(), case let .list(keyValues) = machine.nodes[k] else {
            throw .malformedArchive(file: file, offset: at, reason: "the list of storage keys is missing")
        }
        let state = try PyTorchStateDict(root: root, nodes: machine.nodes, file: file, pickleOffset: rootOffset)
        var table: StorageTable = [:]
        var position = machine.position
        for value in keyValues {
            guard let key = value.string else { throw .malformedArchive(file: file, offset: at, reason: "a storage key is not a string") }
            guard let storage = state.storages[key] else {
                throw .malformedArchive(file: file, offset: position, reason: "storage '\(key)' is listed but no tensor declares its type")
            }
            guard position <= map.size - 8 else {
                throw .malformedArchive(file: file, offset: position, reason: "the file ends before storage '\(key)' (\(map.size) bytes)")
            }
            let numel = map.bytes(position, 8).loadUnaligned(as: Int64.self).littleEndian
            guard numel == Int64(storage.numel) else {
                throw .malformedArchive(file: file, offset: position, reason: "storage '\(key)' has \(numel) elements, its id declared \(storage.numel)")
            }
            let start = position + 8
            guard storage.byteCount <= map.size - start else {
                throw .truncated(file: file, tensor: "storage \(key)", offset: start, expectedEnd: start + storage.byteCount, fileSize: map.size)
            }
            guard table.updateValue((start, storage.byteCount, position), forKey: key) == nil else {
                throw .malformedArchive(file: file, offset: position, reason: "storage '\(key)' is listed twice")
            }
            position = start + storage.byteCount
        }
        return (root, machine.nodes, table, rootOffset)
    }
}
