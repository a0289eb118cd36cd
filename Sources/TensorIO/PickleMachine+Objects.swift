/// The opcodes that name or build objects: GLOBAL, REDUCE, NEWOBJ, BUILD and BINPERSID, with the
/// restrictions of `torch.load(weights_only=True)`.
extension PickleMachine {
    /// GLOBAL: `module\nname\n`, each line within the bytes left, looked up in the allow list.
    mutating func global() throws(TensorIOError) {
        let module = try line(), name = try line()
        if let refusal = PickleGlobals.refusal(module: module, name: name) { throw fail(refusal) }
        stack.append(.global(module: module, name: name))
    }

    /// One newline-terminated line (at most 256 bytes, as no allowed name is longer).
    private mutating func line() throws(TensorIOError) -> String {
        let start = position
        let limit = min(bytes.count, start + 256)
        var end = start
        while end < limit, bytes[end] != 0x0A { end += 1 }
        guard end < limit else { throw fail("GLOBAL without a newline-terminated name within 256 bytes") }
        position = end + 1
        guard let s = String(validating: UnsafeRawBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self) else {
            throw fail("GLOBAL name is not valid UTF-8")
        }
        return s
    }

    /// The items of the tuple on top of the stack (popped).
    private mutating func popTuple(_ what: String) throws(TensorIOError) -> [PickleValue] {
        guard case let .node(i)? = try pop(1).first, case let .tuple(items) = nodes[i] else { throw fail("\(what) arguments are not a tuple") }
        return items
    }

    /// REDUCE: `callee(*args)` kept as a call; `OrderedDict()`/`Counter()` become an empty dict
    /// and `torch.Size(t)` the tuple `t`. The callee must be an allowed GLOBAL.
    mutating func reduce() throws(TensorIOError) {
        let args = try popTuple("REDUCE")
        guard let callee = try pop(1).first?.globalName else { throw fail("REDUCE on a callable that is not an allowed GLOBAL") }
        switch callee {
        case "collections.OrderedDict", "collections.Counter":
            guard args.isEmpty else { throw fail("REDUCE of \(callee) with arguments") }
            stack.append(.node(add(.dict(items: [], index: [:]))))
        case "torch.Size":
            guard args.count == 1, case let .node(t) = args[0], case .tuple = nodes[t] else { throw fail("torch.Size of something that is not a tuple") }
            stack.append(args[0])
        default:
            stack.append(.node(add(.call(callee: callee, args: args, state: nil, offset: base + opcode))))
        }
    }

    /// NEWOBJ: only `torch.nn.parameter.Parameter(*args)` is allowed.
    mutating func newObject() throws(TensorIOError) {
        let args = try popTuple("NEWOBJ")
        guard let cls = try pop(1).first?.globalName, cls == "torch.nn.parameter.Parameter" else {
            throw fail("NEWOBJ of a class other than torch.nn.parameter.Parameter")
        }
        stack.append(.node(add(.call(callee: cls, args: args, state: nil, offset: base + opcode))))
    }

    /// BUILD: only on a tensor, a Parameter or a dict (whose attribute state is ignored).
    mutating func build() throws(TensorIOError) {
        let state = try pop(1)[0]
        let i = try topNode()
        switch nodes[i] {
        case .dict: return
        case let .call(callee, args, _, offset) where callee.hasPrefix("torch._utils._rebuild_") || callee == "torch.nn.parameter.Parameter":
            nodes[i] = .call(callee: callee, args: args, state: state, offset: offset)
        default: throw fail("BUILD on an object that is not a tensor, Parameter or OrderedDict")
        }
    }

    /// BINPERSID: the id must be a tuple starting with 'storage'; kept for the reader to resolve.
    mutating func persistentID() throws(TensorIOError) {
        guard case let .node(i)? = try pop(1).first, case let .tuple(items) = nodes[i], items.first?.string == "storage" else {
            throw fail("a persistent id that is not a ('storage', …) tuple")
        }
        stack.append(.node(add(.storage(id: items, offset: base + opcode))))
    }

    /// The name of a pickle opcode, for messages about refused ones.
    static func opcodeName(_ op: UInt8) -> String {
        let names: [UInt8: String] = [
            0x93: "STACK_GLOBAL", 0x95: "FRAME", 0x94: "MEMOIZE", 0x42: "BINBYTES", 0x43: "SHORT_BINBYTES",
            0x8C: "SHORT_BINUNICODE", 0x8D: "BINUNICODE8", 0x8E: "BINBYTES8", 0x96: "BYTEARRAY8", 0x97: "NEXT_BUFFER",
            0x98: "READONLY_BUFFER", 0x69: "INST", 0x6F: "OBJ", 0x50: "PERSID", 0x64: "DICT", 0x6C: "LIST", 0x49: "INT",
            0x4C: "LONG", 0x46: "FLOAT", 0x53: "STRING", 0x56: "UNICODE", 0x70: "PUT", 0x67: "GET", 0x8B: "LONG4",
            0x82: "EXT1", 0x83: "EXT2", 0x84: "EXT4", 0x90: "ADDITEMS", 0x91: "FROZENSET", 0x92: "NEWOBJ_EX",
            0x30: "POP", 0x31: "POP_MARK", 0x32: "DUP", 0x54: "BINSTRING",
        ]
        let hex = "0x" + String(op, radix: 16, uppercase: true)
        return names[op].map { "\($0) (\(hex))" } ?? "\(hex) (not a pickle opcode)"
    }
}
