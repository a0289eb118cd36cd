/// One GGUF metadata value, with the type the file gave it.
///
/// Value types (ggml-org/ggml `docs/gguf.md`): 0 u8, 1 i8, 2 u16, 3 i16, 4 u32, 5 i32, 6 f32,
/// 7 bool, 8 string (u64 length + UTF-8 bytes), 9 array (u32 element type, u64 count, elements;
/// arrays nest), 10 u64, 11 i64, 12 f64. Every value is little-endian.
public indirect enum GGUFValue: Sendable, Equatable {
    case uint8(UInt8), int8(Int8), uint16(UInt16), int16(Int16), uint32(UInt32), int32(Int32)
    case float32(Float), bool(Bool), string(String), uint64(UInt64), int64(Int64), float64(Double)
    /// An array of `count` values of type `elementType`; `elements` holds the first
    /// `min(count, GGUFFile.storedArrayLimit)` of them (all of them in any real file).
    case array(elementType: UInt32, count: Int, elements: [GGUFValue])

    /// The GGUF type names, by type id.
    public static let typeNames = ["u8", "i8", "u16", "i16", "u32", "i32", "f32", "bool", "string", "array", "u64", "i64", "f64"]

    /// The value as an integer, when it is one of the integer types.
    public var integer: Int64? {
        switch self {
        case let .uint8(v): return Int64(v)
        case let .int8(v): return Int64(v)
        case let .uint16(v): return Int64(v)
        case let .int16(v): return Int64(v)
        case let .uint32(v): return Int64(v)
        case let .int32(v): return Int64(v)
        case let .uint64(v): return v <= UInt64(Int64.max) ? Int64(v) : nil
        case let .int64(v): return v
        default: return nil
        }
    }

    /// The value as a string, when it is one.
    public var string: String? {
        if case let .string(s) = self { return s }
        return nil
    }

    /// A one-line rendering: numbers and booleans as written, strings quoted, arrays as
    /// `[type × count: first items…]` with at most `limit` items shown.
    public func summary(limit: Int = 8) -> String {
        switch self {
        case let .uint8(v): return "\(v)"
        case let .int8(v): return "\(v)"
        case let .uint16(v): return "\(v)"
        case let .int16(v): return "\(v)"
        case let .uint32(v): return "\(v)"
        case let .int32(v): return "\(v)"
        case let .uint64(v): return "\(v)"
        case let .int64(v): return "\(v)"
        case let .float32(v): return "\(v)"
        case let .float64(v): return "\(v)"
        case let .bool(v): return "\(v)"
        case let .string(s): return "\"\(s.count > 80 ? String(s.prefix(80)) + "…" : s)\""
        case let .array(type, count, elements):
            let name = Int(type) < Self.typeNames.count ? Self.typeNames[Int(type)] : "type \(type)"
            let shown = elements.prefix(limit).map { $0.summary(limit: limit) }.joined(separator: ", ")
            return "[\(name) × \(count): \(shown)\(count > limit ? ", …" : "")]"
        }
    }
}
