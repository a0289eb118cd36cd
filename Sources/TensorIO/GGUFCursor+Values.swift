extension GGUFCursor {
    /// Deepest nesting of arrays accepted (an array of arrays is depth 2); real files use 1.
    static let maxArrayDepth = 8

    /// Bytes a value of GGUF type `type` takes at least (scalars exactly), nil for an unknown type.
    static func minimumSize(of type: UInt32) -> Int? {
        switch type {
        case 0, 1, 7: return 1
        case 2, 3: return 2
        case 4, 5, 6: return 4
        case 10, 11, 12: return 8
        case 8: return 8  // the length field
        case 9: return 12  // element type + count
        default: return nil
        }
    }

    /// Reads a value of GGUF type `type` (see ``GGUFValue``); `depth` counts enclosing arrays.
    /// With `store` false the value is checked and skipped and `.bool(false)` returned.
    mutating func value(type: UInt32, key: String, depth: Int = 0, store: Bool = true) throws(TensorIOError) -> GGUFValue {
        let at = position
        let what = "value of '\(key)'"
        switch type {
        case 0: return .uint8(try load(UInt8.self, what))
        case 1: return .int8(try load(Int8.self, what))
        case 2: return .uint16(try load(UInt16.self, what))
        case 3: return .int16(try load(Int16.self, what))
        case 4: return .uint32(try load(UInt32.self, what))
        case 5: return .int32(try load(Int32.self, what))
        case 6: return .float32(Float(bitPattern: try load(UInt32.self, what)))
        case 7: return .bool(try load(UInt8.self, what) != 0)
        case 8:
            if store { return .string(try string("string \(what)")) }
            try skipString("string \(what)")
            return .bool(false)
        case 9: return try array(key: key, depth: depth + 1, store: store)
        case 10: return .uint64(try load(UInt64.self, what))
        case 11: return .int64(try load(Int64.self, what))
        case 12: return .float64(Double(bitPattern: try load(UInt64.self, what)))
        default:
            throw .malformedHeader(file: file, offset: at - 4, reason: "unknown metadata value type \(type) for key '\(key)'")
        }
    }

    /// An array: u32 element type, u64 count (checked against the bytes left at the element's
    /// minimum size), then the elements; at most ``GGUFFile/storedArrayLimit`` are kept.
    private mutating func array(key: String, depth: Int, store: Bool) throws(TensorIOError) -> GGUFValue {
        let at = position
        guard depth <= Self.maxArrayDepth else {
            throw .malformedHeader(file: file, offset: at, reason: "the array of '\(key)' is nested deeper than \(Self.maxArrayDepth) levels")
        }
        let elementType = try u32("array element type of '\(key)'")
        guard let size = Self.minimumSize(of: elementType) else {
            throw .malformedHeader(file: file, offset: at, reason: "unknown array element type \(elementType) for key '\(key)'")
        }
        let n = try count("array length of '\(key)'", minimumSize: size)
        let kept = store ? min(n, GGUFFile.storedArrayLimit) : 0
        var elements: [GGUFValue] = []
        elements.reserveCapacity(kept)
        for i in 0..<n {
            if i >= kept, elementType != 8, elementType != 9 {
                position += (n - i) * size  // fixed-size scalars: the count check covers them
                break
            }
            let v = try value(type: elementType, key: key, depth: depth, store: i < kept)
            if i < kept { elements.append(v) }
        }
        return store ? .array(elementType: elementType, count: n, elements: elements) : .bool(false)
    }
}
