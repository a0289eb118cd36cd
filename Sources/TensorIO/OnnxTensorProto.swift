/// The fields of an ONNX `TensorProto` WeightLab reads (onnx/onnx `onnx/onnx.proto`), as byte
/// ranges into the model file: values are not copied until they are decoded.
///
/// ```
/// 1 dims (int64, packed or not)   2 data_type   4 float_data (packed f32)   5 int32_data (packed
/// varints; f16/bf16 bit patterns)  8 name   9 raw_data (little-endian)   10 double_data (packed f64)
/// 13 external_data {1 key, 2 value}: location, offset, length   14 data_location (1 = external)
/// ```
struct OnnxTensorProto {
    /// Where the values are.
    enum Payload: Equatable {
        case none
        case raw(Range<Int>)
        case floatData(Range<Int>)
        case int32Data(Range<Int>)
        case doubleData(Range<Int>)
        /// A typed field written unpacked (one key per value), which WeightLab does not read.
        case unpacked(field: UInt64)
        case external(location: String, offset: Int, length: Int?)
    }

    var name = ""
    var dims: [Int] = []
    var dataType = 0
    var payload = Payload.none
    /// File byte offset of the message.
    var offset = 0

    /// ONNX data type names, by id.
    static let typeNames = [
        1: "FLOAT", 2: "UINT8", 3: "INT8", 4: "UINT16", 5: "INT16", 6: "INT32", 7: "INT64", 8: "STRING", 9: "BOOL",
        10: "FLOAT16", 11: "DOUBLE", 12: "UINT32", 13: "UINT64", 14: "COMPLEX64", 15: "COMPLEX128", 16: "BFLOAT16",
        17: "FLOAT8E4M3FN", 18: "FLOAT8E4M3FNUZ", 19: "FLOAT8E5M2", 20: "FLOAT8E5M2FNUZ", 21: "UINT4", 22: "INT4", 23: "FLOAT4E2M1",
    ]

    /// The DType WeightLab decodes `data_type` to, nil for the others.
    var dtype: DType? {
        switch dataType {
        case 1: return .f32
        case 10: return .f16
        case 16: return .bf16
        case 11: return .f64
        default: return nil
        }
    }

    var typeName: String { Self.typeNames[dataType] ?? "data_type \(dataType)" }

    /// Parses the TensorProto in `range`.
    static func parse(_ outer: ProtobufReader, _ range: Range<Int>) throws(TensorIOError) -> OnnxTensorProto {
        var r = outer.message(range)
        var t = OnnxTensorProto()
        t.offset = range.lowerBound
        var external: [String: String] = [:]
        var location = 0
        var typed: Payload?
        while !r.atEnd {
            let (field, wire) = try r.key()
            switch (field, wire) {
            case (1, 0): t.dims.append(try dim(&r))
            case (1, 2):
                var p = r.message(try r.lengthDelimited())
                while !p.atEnd { t.dims.append(try dim(&p)) }
            case (2, 0): t.dataType = Int(truncatingIfNeeded: try r.varint())
            case (8, 2): t.name = try r.string(try r.lengthDelimited())
            case (9, 2): t.payload = .raw(try r.lengthDelimited())
            case (4, 2): typed = .floatData(try r.lengthDelimited())
            case (5, 2): typed = .int32Data(try r.lengthDelimited())
            case (10, 2): typed = .doubleData(try r.lengthDelimited())
            case (4, _), (5, _), (10, _):
                typed = .unpacked(field: field)
                try r.skip(wire)
            case (13, 2):
                let (k, v) = try entry(r, try r.lengthDelimited())
                external[k] = v
            case (14, 0): location = Int(truncatingIfNeeded: try r.varint())
            default: try r.skip(wire)
            }
        }
        if location == 1 {
            t.payload = try externalPayload(external, r: r, at: range.lowerBound, name: t.name)
        } else if t.payload == .none, let typed {
            t.payload = typed
        }
        return t
    }

    private static func dim(_ r: inout ProtobufReader) throws(TensorIOError) -> Int {
        let at = r.position
        let d = try r.varint()
        guard d <= UInt64(GGUFPart.elementLimit) else { throw r.error("dimension \(Int64(bitPattern: d)) is negative or beyond 2^41", at: at) }
        return Int(d)
    }

    /// A StringStringEntryProto: 1 key, 2 value.
    private static func entry(_ outer: ProtobufReader, _ range: Range<Int>) throws(TensorIOError) -> (String, String) {
        var r = outer.message(range)
        var key = "", value = ""
        while !r.atEnd {
            let (field, wire) = try r.key()
            if wire == 2, field == 1 { key = try r.string(try r.lengthDelimited()) } else if wire == 2, field == 2 {
                value = try r.string(try r.lengthDelimited())
            } else { try r.skip(wire) }
        }
        return (key, value)
    }

    private static func externalPayload(_ e: [String: String], r: ProtobufReader, at: Int, name: String) throws(TensorIOError) -> Payload {
        guard let location = e["location"], !location.isEmpty else {
            throw .malformedEntry(file: r.file, tensor: name, offset: at, reason: "external data without a location")
        }
        func number(_ key: String) throws(TensorIOError) -> Int? {
            guard let text = e[key] else { return nil }
            guard let n = Int(text), n >= 0, n <= 1 << 62 else {
                throw .malformedEntry(file: r.file, tensor: name, offset: at, reason: "external data \(key) '\(text)' is not a byte count")
            }
            return n
        }
        return .external(location: location, offset: try number("offset") ?? 0, length: try number("length"))
    }
}
