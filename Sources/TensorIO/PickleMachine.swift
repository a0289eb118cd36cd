/// A pickle reader that executes nothing: exactly the opcodes `torch.load(weights_only=True)`
/// accepts (protocol 2 and the few protocol-1 opcodes it uses), GLOBALs looked up by name in
/// ``PickleGlobals`` and never imported, REDUCE and NEWOBJ kept as calls for the caller to
/// interpret. Every other opcode or GLOBAL is a ``TensorIOError/pickleRejected(file:offset:reason:)``
/// naming it and its byte offset in the file.
///
/// Memory is bounded by the pickle's size: every length (BINUNICODE, LONG1, SHORT_BINSTRING, a
/// GLOBAL's lines) is checked against the bytes left before anything is allocated, each opcode
/// pushes at most one flat value, memo indices must have been stored before they are read, and
/// composite objects live in an arena (``PickleNode``) so no value owns another.
struct PickleMachine {
    let bytes: UnsafeRawBufferPointer
    /// The file offset of `bytes[0]`, for error messages.
    let base: Int
    let file: String
    var position = 0
    var nodes: [PickleNode] = []
    var stack: [PickleValue] = []
    var marks: [Int] = []
    var memo: [Int: PickleValue] = [:]
    /// The offset of the opcode being executed.
    var opcode = 0

    init(bytes: UnsafeRawBufferPointer, base: Int, file: String) {
        self.bytes = bytes
        self.base = base
        self.file = file
    }

    /// Runs from `position` to the next STOP; returns the object on top of the stack. The
    /// arena (``nodes``) keeps growing across calls, the stack and memo start afresh.
    mutating func load() throws(TensorIOError) -> PickleValue {
        stack = []
        marks = []
        memo = [:]
        while true {
            opcode = position
            let op = try byte()
            if op == 0x2E {  // STOP
                guard let top = stack.popLast() else { throw fail("STOP with an empty stack") }
                return top
            }
            try execute(op)
        }
    }

    /// An error at the current opcode.
    func fail(_ reason: String) -> TensorIOError { .pickleRejected(file: file, offset: base + opcode, reason: reason) }

    mutating func execute(_ op: UInt8) throws(TensorIOError) {
        switch op {
        case 0x80: _ = try byte()  // PROTO (torch warns on versions other than 2; the opcodes decide)
        case 0x28: marks.append(stack.count)  // MARK
        case 0x4E: stack.append(.none)
        case 0x88: stack.append(.bool(true))
        case 0x89: stack.append(.bool(false))
        case 0x4B: stack.append(.int(Int64(try byte())))  // BININT1
        case 0x4D: stack.append(.int(Int64(try read(2).loadUnaligned(as: UInt16.self).littleEndian)))  // BININT2
        case 0x4A: stack.append(.int(Int64(try read(4).loadUnaligned(as: Int32.self).littleEndian)))  // BININT
        case 0x8A: stack.append(try long1())
        case 0x47: stack.append(.float(Double(bitPattern: try read(8).loadUnaligned(as: UInt64.self).bigEndian)))  // BINFLOAT
        case 0x58: stack.append(.string(try text(Int(try read(4).loadUnaligned(as: UInt32.self).littleEndian), "BINUNICODE")))
        case 0x55: stack.append(.string(try text(Int(try byte()), "SHORT_BINSTRING")))
        case 0x29: stack.append(.node(add(.tuple([]))))
        case 0x5D: stack.append(.node(add(.list([]))))
        case 0x7D: stack.append(.node(add(.dict(items: [], index: [:]))))
        case 0x8F: stack.append(.node(add(.set)))
        case 0x74: stack.append(.node(add(.tuple(try popToMark()))))  // TUPLE
        case 0x85, 0x86, 0x87: stack.append(.node(add(.tuple(try pop(Int(op - 0x84))))))  // TUPLE1/2/3
        case 0x71: try put(Int(try byte()))  // BINPUT
        case 0x72: try put(Int(try read(4).loadUnaligned(as: UInt32.self).littleEndian))  // LONG_BINPUT
        case 0x68: try get(Int(try byte()))  // BINGET
        case 0x6A: try get(Int(try read(4).loadUnaligned(as: UInt32.self).littleEndian))  // LONG_BINGET
        case 0x61: try append(try pop(1))  // APPEND
        case 0x65: try append(try popToMark())  // APPENDS
        case 0x73: try setItems(try pop(2))  // SETITEM
        case 0x75: try setItems(try popToMark())  // SETITEMS
        case 0x63: try global()
        case 0x52: try reduce()
        case 0x81: try newObject()
        case 0x62: try build()
        case 0x51: try persistentID()
        default: throw fail("opcode \(PickleMachine.opcodeName(op)) is not one torch.load(weights_only=True) allows")
        }
    }

    // MARK: reading

    mutating func byte() throws(TensorIOError) -> UInt8 {
        guard position < bytes.count else { throw fail("the pickle ends before its STOP opcode") }
        position += 1
        return bytes[position - 1]
    }

    /// `n` bytes, checked against those left before anything is read or allocated.
    mutating func read(_ n: Int) throws(TensorIOError) -> UnsafeRawBufferPointer {
        guard n >= 0, n <= bytes.count - position else {
            throw fail("an operand of \(n) bytes, but only \(bytes.count - position) bytes of the pickle are left")
        }
        defer { position += n }
        return UnsafeRawBufferPointer(rebasing: bytes[position..<(position + n)])
    }

    mutating func text(_ n: Int, _ opcodeName: String) throws(TensorIOError) -> String {
        guard n <= bytes.count - position else {
            throw fail("\(opcodeName) declares \(n) bytes, but only \(bytes.count - position) bytes of the pickle are left")
        }
        guard let s = String(validating: try read(n), as: UTF8.self) else { throw fail("\(opcodeName) is not valid UTF-8") }
        return s
    }

    /// LONG1: a length byte, then that many bytes of little-endian two's complement.
    mutating func long1() throws(TensorIOError) -> PickleValue {
        let n = Int(try byte())
        let raw = try read(n)
        guard n <= 8 else { return .bigInt(Array(raw)) }
        guard n > 0 else { return .int(0) }
        var value: UInt64 = 0
        for i in 0..<n { value |= UInt64(raw[i]) << (8 * UInt64(i)) }
        if n < 8, raw[n - 1] & 0x80 != 0 { value |= ~0 << (8 * UInt64(n)) }  // sign-extend
        return .int(Int64(bitPattern: value))
    }

    // MARK: the stack

    mutating func add(_ node: PickleNode) -> Int {
        nodes.append(node)
        return nodes.count - 1
    }

    mutating func pop(_ n: Int) throws(TensorIOError) -> [PickleValue] {
        guard stack.count - n >= (marks.last ?? 0) else { throw fail("the stack holds too few objects") }
        defer { stack.removeLast(n) }
        return Array(stack.suffix(n))
    }

    mutating func popToMark() throws(TensorIOError) -> [PickleValue] {
        guard let mark = marks.popLast() else { throw fail("no MARK to pop to") }
        defer { stack.removeLast(stack.count - mark) }
        return Array(stack[mark...])
    }

    mutating func put(_ index: Int) throws(TensorIOError) {
        guard let top = stack.last, stack.count > (marks.last ?? 0) else { throw fail("memo store with nothing on the stack") }
        memo[index] = top
    }

    mutating func get(_ index: Int) throws(TensorIOError) {
        guard let value = memo[index] else { throw fail("memo index \(index) was never stored (out of range)") }
        stack.append(value)
    }

    /// The arena index of the object on top of the stack (not popped).
    func topNode() throws(TensorIOError) -> Int {
        guard stack.count > (marks.last ?? 0), case let .node(i)? = stack.last else { throw fail("expected an object on the stack") }
        return i
    }

    mutating func append(_ items: [PickleValue]) throws(TensorIOError) {
        let i = try topNode()
        guard case var .list(list) = nodes[i] else { throw fail("APPEND to something that is not a list") }
        nodes[i] = .set  // drop the arena's reference so the append does not copy
        list += items
        nodes[i] = .list(list)
    }

    mutating func setItems(_ flat: [PickleValue]) throws(TensorIOError) {
        guard flat.count % 2 == 0 else { throw fail("SETITEMS with an odd number of objects") }
        let i = try topNode()
        guard case .dict(var items, var index) = nodes[i] else { throw fail("SETITEM on something that is not a dict") }
        nodes[i] = .set
        for k in stride(from: 0, to: flat.count, by: 2) {
            if let key = flat[k].string, let at = index[key] {
                items[at].value = flat[k + 1]
                continue
            }
            if let key = flat[k].string { index[key] = items.count }
            items.append((flat[k], flat[k + 1]))
        }
        nodes[i] = .dict(items: items, index: index)
    }
}
