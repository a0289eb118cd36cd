/// The tensors a PyTorch pickle describes, interpreted from the restricted machine's objects
/// without executing anything: `{"state_dict": …}` and `{"model": …}` wrappers are unwrapped,
/// nested dicts give dotted names, and every value that is a call of
/// `torch._utils._rebuild_tensor_v2`/`_v3`/`_rebuild_tensor` (possibly wrapped in
/// `_rebuild_parameter`, a `Parameter` NEWOBJ or `_rebuild_from_type_v2`) becomes a
/// ``PyTorchTensorRecord``. Other values (numbers, optimizer lists) are ignored; other rebuild
/// functions (sparse, quantized, meta tensors) are listed as unsupported.
struct PyTorchStateDict {
    /// A storage named by a persistent id `('storage', type, key, location, numel[, view])`.
    struct Storage: Sendable, Equatable {
        var key: String
        /// The storage's element type (`float32`, …; `uint8` for an untyped storage).
        var dtype: String
        var width: Int
        var numel: Int
        /// The file offset of the BINPERSID, for error messages.
        var location: Int
        /// Bytes the storage holds: numel × width.
        var byteCount: Int { numel * width }
    }

    var records: [PyTorchTensorRecord] = []
    var storages: [String: Storage] = [:]
    /// Tensors of a kind WeightLab does not read: name and what they are.
    var unsupported: [(name: String, dtype: String)] = []
    /// Tensor entries that are malformed, each with its error.
    var problems: [TensorIOError] = []

    private let nodes: [PickleNode]
    private let file: String
    /// The file offset of the pickle, for errors about its structure as a whole.
    private let pickleOffset: Int
    private var visited = Set<Int>()

    /// The deepest nesting of dicts followed (a dict met a second time is not followed again).
    static let depthLimit = 64

    /// Interprets `root`, built in `nodes`, of the file `file`.
    init(root: PickleValue, nodes: [PickleNode], file: String, pickleOffset: Int = 0) throws(TensorIOError) {
        self.nodes = nodes
        self.file = file
        self.pickleOffset = pickleOffset
        var top = root
        while case let .node(i) = top, case let .dict(items, index) = nodes[i],
              let at = index["state_dict"] ?? index["model"], case let .node(j) = items[at].value, case .dict = nodes[j] {
            guard visited.insert(i).inserted else { break }
            top = items[at].value
        }
        visited = []
        guard case let .node(i) = top, case .dict = nodes[i] else {
            throw .malformedHeader(file: file, offset: pickleOffset, reason: "the checkpoint's object is not a dict of tensors (a state_dict)")
        }
        collect(i, prefix: "", depth: 0)
    }

    private mutating func collect(_ dict: Int, prefix: String, depth: Int) {
        guard depth < Self.depthLimit else {
            problems.append(.malformedHeader(file: file, offset: pickleOffset, reason: "dicts nested more than \(Self.depthLimit) deep at '\(prefix)'"))
            return
        }
        guard visited.insert(dict).inserted, case let .dict(items, _) = nodes[dict] else { return }
        for item in items {
            guard let key = item.key.string, case let .node(i) = item.value else { continue }
            let name = prefix + key
            switch nodes[i] {
            case .dict: collect(i, prefix: name + ".", depth: depth + 1)
            case let .call(callee, args, _, offset):
                do { try tensor(name, callee: callee, args: args, offset: offset, depth: 0) } catch { problems.append(error) }
            default: continue
            }
        }
    }

    /// Interprets one call as a tensor named `name`.
    private mutating func tensor(_ name: String, callee: String, args: [PickleValue], offset: Int, depth: Int) throws(TensorIOError) {
        func bad(_ reason: String) -> TensorIOError { .malformedEntry(file: file, tensor: name, offset: offset, reason: reason) }
        guard depth < 8 else { throw bad("tensor wrappers nested too deeply") }
        switch callee {
        case "torch._utils._rebuild_parameter", "torch._utils._rebuild_parameter_with_state", "torch.nn.parameter.Parameter":
            guard case let .node(i)? = args.first, case let .call(c, a, _, o) = nodes[i] else { throw bad("a Parameter of something that is not a tensor") }
            try tensor(name, callee: c, args: a, offset: o, depth: depth + 1)
        case "torch._tensor._rebuild_from_type_v2":
            guard args.count >= 3, let c = args[0].globalName, case let .node(i) = args[2], case let .tuple(a) = nodes[i] else {
                throw bad("_rebuild_from_type_v2 with unexpected arguments")
            }
            try tensor(name, callee: c, args: a, offset: offset, depth: depth + 1)
        case "torch._utils._rebuild_tensor", "torch._utils._rebuild_tensor_v2", "torch._utils._rebuild_tensor_v3":
            try plainTensor(name, args: args, v3: callee.hasSuffix("_v3"), offset: offset)
        default:
            if callee.hasPrefix("torch._utils._rebuild_") {
                unsupported.append((name, String(callee.dropFirst("torch._utils._rebuild_".count))))
            }
        }
    }

    /// `_rebuild_tensor_v2(storage, storage_offset, size, stride, …)`; v3 adds the dtype 7th.
    private mutating func plainTensor(_ name: String, args: [PickleValue], v3: Bool, offset: Int) throws(TensorIOError) {
        func bad(_ reason: String) -> TensorIOError { .malformedEntry(file: file, tensor: name, offset: offset, reason: reason) }
        guard args.count >= (v3 ? 7 : 4) else { throw bad("the rebuild call has \(args.count) arguments") }
        guard case let .node(s) = args[0], case let .storage(id, persid) = nodes[s] else { throw bad("the first argument is not a storage") }
        var storage = try self.storage(id, at: persid, tensor: name)
        guard let start = args[1].int, let shape = ints(args[2]), let stride = ints(args[3]) else {
            throw bad("storage offset, size or stride is not an integer / tuple of integers")
        }
        var dtype = storage.dtype, width = storage.width
        if v3 {
            guard case let .global("torch", d) = args[6], let w = PickleGlobals.dtypeWidths[d] else { throw bad("the dtype argument is not a torch dtype") }
            (dtype, width) = (d, w)
        }
        // A legacy view (key, offset, size) into a root storage shifts the offset.
        var viewOffset = 0
        if id.count >= 6, case let .node(v) = id[5], case let .tuple(view) = nodes[v], view.count == 3 {
            guard let o = view[1].int, o >= 0, o < 1 << 40 else { throw bad("a storage view with a bad offset") }
            viewOffset = Int(o)
        }
        if let existing = storages[storage.key] {
            guard (existing.dtype, existing.width, existing.numel) == (storage.dtype, storage.width, storage.numel) else {
                throw bad("the storage '\(storage.key)' is declared twice with different types or sizes")
            }
            storage = existing
        }
        storages[storage.key] = storage
        guard start >= 0, start < 1 << 40 else { throw bad("storage offset \(start) out of range") }
        records.append(PyTorchTensorRecord(name: name, dtype: dtype, width: width, storageKey: storage.key,
                                           offset: Int(start) + viewOffset * storage.width / width, shape: shape, stride: stride, location: offset))
    }

    /// A storage from its persistent id `('storage', type, key, location, numel[, view])`.
    private func storage(_ id: [PickleValue], at offset: Int, tensor: String) throws(TensorIOError) -> Storage {
        func bad(_ reason: String) -> TensorIOError { .malformedEntry(file: file, tensor: tensor, offset: offset, reason: reason) }
        guard id.count >= 5, let key = id[2].string, let numel = id[4].int else { throw bad("the storage id is not ('storage', type, key, location, numel)") }
        guard numel >= 0, numel <= Int64(SafetensorsFile.elementLimit) else { throw bad("the storage declares \(numel) elements") }
        guard case let .global(module, type) = id[1] else { throw bad("the storage type is not a GLOBAL") }
        let dtype: String
        if module == "torch" || module == "torch.cuda", let d = PickleGlobals.storageTypes[type] {
            dtype = d
        } else if "\(module).\(type)" == "torch.storage.UntypedStorage" {
            dtype = "uint8"
        } else {
            throw bad("'\(module).\(type)' is not a storage type")
        }
        return Storage(key: key, dtype: dtype, width: PickleGlobals.dtypeWidths[dtype] ?? 1, numel: Int(numel), location: offset)
    }

    /// A tuple of non-negative-or-not integers (checked later by the record), or nil.
    private func ints(_ value: PickleValue) -> [Int]? {
        guard case let .node(i) = value, case let .tuple(items) = nodes[i], items.count <= 64 else { return nil }
        var out: [Int] = []
        for item in items {
            guard let v = item.int, v > -(1 << 50), v < 1 << 50 else { return nil }
            out.append(Int(v))
        }
        return out
    }
}
