import Foundation

/// A PyTorch checkpoint (`.bin`, `.pt`, `.pth`) as `torch.save` writes it, read without Python
/// and without executing anything: the zip format (torch ≥ 1.6) and the legacy format.
///
/// The pickle goes through ``PickleMachine`` (the opcodes and GLOBALs of
/// `torch.load(weights_only=True)` only), its objects through ``PyTorchStateDict``; storages are
/// the stored zip entries `<prefix>/data/<key>` (prefix from the first entry) or, in the legacy
/// format, the `numel`-prefixed blocks after the pickles. The file is memory-mapped: a contiguous
/// tensor is decoded straight from the map, a strided one gathered (element = offset + Σ iₖ·strideₖ).
///
/// Tensors that share storage bytes (views, tied weights such as `lm_head.weight` and the
/// embedding) are read once: the first keeps its name, any later tensor whose byte range in the
/// same storage overlaps it is listed in ``aliases``. Disjoint views of one storage (a fused
/// matrix saved as its slices) are distinct data and are all read.
/// Dtypes other than f32, f64, f16 and bf16 are listed in ``unsupportedTensors``. Opened with
/// `skippingBadTensors`, a malformed tensor entry is kept in ``skipped`` and the others are read;
/// a broken archive or a refused pickle rejects the whole file either way.
public final class PyTorchFile: WeightFile, @unchecked Sendable {
    public let url: URL
    public let tensors: [TensorInfo]
    public let unsupportedTensors: [(name: String, dtype: String)]
    public let skipped: [TensorIOError]
    /// Tensors sharing the storage of an earlier one, read once under the earlier one's name.
    public let aliases: [(name: String, of: String)]
    /// Whether the file is in the pre-1.6 (non-zip) format.
    public let isLegacy: Bool
    private let located: [String: (record: PyTorchTensorRecord, storageStart: Int, storageBytes: Int)]
    private let map: MappedFile

    /// Where the storages of a file are: file offset and size by key.
    typealias StorageTable = [String: (start: Int, size: Int, location: Int)]

    /// Opens and validates `url`; with `skippingBadTensors`, malformed tensor entries are left out.
    public init(url: URL, skippingBadTensors: Bool = false) throws(TensorIOError) {
        self.url = url
        let path = url.path
        map = try MappedFile(path: path)
        guard map.size >= 4 else { throw .tooShort(file: path, size: map.size, needed: 4) }
        let head = map.bytes(0, 4)
        let root: PickleValue, nodes: [PickleNode], table: StorageTable, pickleOffset: Int
        if head[0] == 0x50, head[1] == 0x4B {
            (root, nodes, table, pickleOffset) = try Self.readZip(map, file: path)
            isLegacy = false
        } else if head[0] == 0x80 {
            (root, nodes, table, pickleOffset) = try Self.readLegacy(map, file: path)
            isLegacy = true
        } else {
            throw .malformedArchive(file: path, offset: 0, reason: "neither a zip archive nor a legacy torch.save pickle")
        }
        let state = try PyTorchStateDict(root: root, nodes: nodes, file: path, pickleOffset: pickleOffset)
        var skipped: [TensorIOError] = []
        func reject(_ error: TensorIOError) throws(TensorIOError) {
            guard skippingBadTensors else { throw error }
            skipped.append(error)
        }
        for p in state.problems { try reject(p) }
        var tensors: [TensorInfo] = [], unsupported = state.unsupported, aliases: [(String, String)] = []
        var located: [String: (PyTorchTensorRecord, Int, Int)] = [:]
        // Per storage, the byte ranges of the tensors kept so far: a tensor that overlaps one is its alias.
        var kept: [String: [(range: Range<Int>, name: String)]] = [:]
        for record in state.records {
            do throws(TensorIOError) {
                let (start, bytes, reach) = try Self.check(record, state: state, table: table, file: path)
                guard located[record.name] == nil, !unsupported.contains(where: { $0.name == record.name }) else {
                    throw .duplicateName(file: path, tensor: record.name, offset: record.location)
                }
                let range = record.offset * record.width..<max(reach, record.offset * record.width + 1)
                if let first = kept[record.storageKey]?.first(where: { $0.range.overlaps(range) }) {
                    aliases.append((record.name, first.name))
                    continue
                }
                kept[record.storageKey, default: []].append((range, record.name))
                guard let dtype = record.decodedType else {
                    unsupported.append((record.name, record.dtype))
                    continue
                }
                tensors.append(TensorInfo(name: record.name, dtype: dtype, shape: record.shape))
                located[record.name] = (record, start, bytes)
            } catch { try reject(error) }
        }
        self.tensors = tensors
        self.unsupportedTensors = unsupported
        self.aliases = aliases
        self.located = located
        self.skipped = skipped
    }

    /// The storage of `record` (file offset and size) and the bytes of it the tensor reaches,
    /// checked to lie inside it.
    private static func check(_ record: PyTorchTensorRecord, state: PyTorchStateDict, table: StorageTable, file: String) throws(TensorIOError) -> (Int, Int, Int) {
        func bad(_ reason: String) -> TensorIOError { .malformedEntry(file: file, tensor: record.name, offset: record.location, reason: reason) }
        guard let storage = state.storages[record.storageKey], let place = table[record.storageKey] else {
            throw bad("its storage '\(record.storageKey)' is not in the file")
        }
        guard place.size == storage.byteCount else {
            throw .sizeMismatch(file: file, tensor: record.name, offset: place.location, expected: storage.byteCount, declared: place.size)
        }
        switch record.extent() {
        case let .failure(invalid): throw bad(invalid.reason)
        case let .success(reach):
            guard reach <= place.size else {
                throw bad("offset \(record.offset), size \(record.shape) and stride \(record.stride) reach byte \(reach) of a storage of \(place.size) bytes")
            }
            // Strides of 0 (an expanded view) could make a tensor larger than any file: refused.
            guard record.count * record.width <= place.size else {
                throw bad("size \(record.shape) with stride \(record.stride) repeats elements: \(record.count) elements from a storage of \(place.size) bytes (save it with .contiguous())")
            }
            return (place.start, place.size, reach)
        }
    }

    /// The zip format: the archive's `<prefix>/data.pkl` and its `<prefix>/data/<key>` entries.
    static func readZip(_ map: MappedFile, file: String) throws(TensorIOError) -> (PickleValue, [PickleNode], StorageTable, Int) {
        let zip = try ZipArchive(map: map, file: file)
        guard let first = zip.entries.first, let slash = first.name.firstIndex(of: "/") else {
            throw .malformedArchive(file: file, offset: zip.entries.first?.centralHeaderOffset ?? 0, reason: "the archive's first entry is not in a folder (not a torch.save archive)")
        }
        let prefix = String(first.name[...slash])
        if let order = zip.entry(prefix + "byteorder") {
            let text = String(decoding: map.bytes(order.dataOffset, min(order.size, 16)), as: UTF8.self)
            guard text == "little" else { throw .malformedArchive(file: file, offset: order.dataOffset, reason: "byte order '\(text)': only little-endian checkpoints are read") }
        }
        guard let pickle = zip.entry(prefix + "data.pkl") else {
            throw .malformedArchive(file: file, offset: first.centralHeaderOffset, reason: "no '\(prefix)data.pkl' entry")
        }
        var machine = PickleMachine(bytes: map.bytes(pickle.dataOffset, pickle.size), base: pickle.dataOffset, file: file)
        let root = try machine.load()
        var table: StorageTable = [:]
        let data = prefix + "data/"
        for e in zip.entries where e.name.hasPrefix(data) {
            table[String(e.name.dropFirst(data.count))] = (e.dataOffset, e.size, e.centralHeaderOffset)
        }
        return (root, machine.nodes, table, pickle.dataOffset)
    }

    public func location(of name: String) -> Int? { located[name]?.record.location }

    /// The raw little-endian bytes of `name` in row-major order: the mapped bytes when the
    /// tensor is contiguous, a gathered copy otherwise.
    private func withBytes<R>(_ name: String, _ body: (UnsafeRawBufferPointer, DType, Int) -> R) throws(TensorIOError) -> R {
        guard let (record, start, size) = located[name], let dtype = record.decodedType else { throw .noSuchTensor(file: url.path, tensor: name) }
        let storage = map.bytes(start, size)
        if record.isContiguous {
            let bytes = record.count * record.width
            return body(bytes == 0 ? UnsafeRawBufferPointer(start: nil, count: 0) : UnsafeRawBufferPointer(rebasing: storage[(record.offset * record.width)...].prefix(bytes)), dtype, record.count)
        }
        let gathered = record.gather(storage)
        return gathered.withUnsafeBytes { body($0, dtype, record.count) }
    }

    /// Gives back the mapped pages of `name`'s storage (see ``Checkpoint/releasePages(of:)``); a
    /// tensor that shares the storage and is read later faults them in again from the page cache.
    public func releasePages(of name: String) {
        guard let (_, start, size) = located[name] else { return }
        PageRelease.release(map.bytes(start, size))
    }

    public func withPlainBytes<R>(_ name: String, _ body: (UnsafeRawBufferPointer) -> R) -> R? {
        guard let (record, _, _) = located[name], record.isContiguous, record.decodedType != nil else { return nil }
        return try? withBytes(name) { raw, _, _ in body(raw) }
    }

    public func values<T: WeightScalar>(_ name: String, as type: T.Type) throws(TensorIOError) -> [T] {
        try withBytes(name) { ElementCodec.decode($0, dtype: $1, count: $2, as: type) }
    }
}
