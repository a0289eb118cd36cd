/// One value on the restricted pickle machine's stack: a scalar, or a reference to a composite
/// object kept in the machine's arena (``PickleNode``).
///
/// Values are flat: a tuple, list, dict, call or storage is an index into the arena, so no value
/// owns another. Freeing a deeply nested or cyclic object graph therefore never recurses, and
/// nothing the pickle builds can outlive the arena (a list that contains itself is harmless).
enum PickleValue: Equatable, Sendable {
    case none
    case bool(Bool)
    case int(Int64)
    /// An integer that does not fit in 64 bits (LONG1), as its little-endian two's complement.
    case bigInt([UInt8])
    case float(Double)
    case string(String)
    /// A GLOBAL from the allow list (``PickleGlobals``), kept by name and never resolved.
    case global(module: String, name: String)
    /// A composite object: index into the arena.
    case node(Int)

    /// The string, if this is one.
    var string: String? {
        if case let .string(s) = self { return s }
        return nil
    }

    /// The integer, if this is one that fits in 64 bits.
    var int: Int64? {
        if case let .int(i) = self { return i }
        return nil
    }

    /// `module.name`, if this is a GLOBAL.
    var globalName: String? {
        if case let .global(module, name) = self { return "\(module).\(name)" }
        return nil
    }
}
