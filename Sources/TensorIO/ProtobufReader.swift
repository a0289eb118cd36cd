/// A bounds-checked reader of the protocol-buffers wire format over a file's bytes: varints,
/// field keys, and length-delimited ranges, each checked against the enclosing message's end
/// before anything is read. Errors name the file and the byte offset.
///
/// ```
/// key    = varint (field number << 3 | wire type)
/// type 0 = varint, 1 = 8 bytes, 2 = varint length + bytes, 5 = 4 bytes (3, 4: groups, refused)
/// ```
struct ProtobufReader {
    let bytes: UnsafeRawBufferPointer
    let file: String
    var position: Int
    /// The end of the message being read (exclusive).
    let end: Int

    init(bytes: UnsafeRawBufferPointer, file: String, range: Range<Int>) {
        self.bytes = bytes
        self.file = file
        position = range.lowerBound
        end = range.upperBound
    }

    var atEnd: Bool { position >= end }

    func error(_ reason: String, at offset: Int? = nil) -> TensorIOError {
        .malformedHeader(file: file, offset: offset ?? position, reason: reason)
    }

    /// A base-128 varint of at most 10 bytes.
    mutating func varint() throws(TensorIOError) -> UInt64 {
        let start = position
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard position < end else { throw error("a varint runs past the end of its message", at: start) }
            let byte = bytes[position]
            position += 1
            guard shift < 64 else { throw error("a varint is longer than 10 bytes", at: start) }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
    }

    /// The next field's number and wire type.
    mutating func key() throws(TensorIOError) -> (field: UInt64, wire: UInt64) {
        let at = position
        let k = try varint()
        guard k >> 3 > 0 else { throw error("field number 0 (not a valid protobuf key)", at: at) }
        return (k >> 3, k & 7)
    }

    /// The byte range of a length-delimited field's payload, checked to lie inside the message.
    mutating func lengthDelimited() throws(TensorIOError) -> Range<Int> {
        let at = position
        let n = try varint()
        guard n <= UInt64(end - position) else {
            throw .countTooLarge(file: file, offset: at, what: "length-delimited field", declared: n, limit: UInt64(end - position))
        }
        let range = position..<position + Int(n)
        position = range.upperBound
        return range
    }

    /// Skips a field of wire type `wire`.
    mutating func skip(_ wire: UInt64) throws(TensorIOError) {
        let at = position
        switch wire {
        case 0: _ = try varint()
        case 1, 5:
            let n = wire == 1 ? 8 : 4
            guard n <= end - position else { throw error("a fixed-size field runs past the end of its message", at: at) }
            position += n
        case 2: _ = try lengthDelimited()
        default: throw error("unsupported wire type \(wire)", at: at)
        }
    }

    /// A payload range as a UTF-8 string.
    func string(_ range: Range<Int>) throws(TensorIOError) -> String {
        guard let s = String(validating: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self) else {
            throw error("a string field is not valid UTF-8", at: range.lowerBound)
        }
        return s
    }

    /// A reader for the sub-message in `range`.
    func message(_ range: Range<Int>) -> ProtobufReader { ProtobufReader(bytes: bytes, file: file, range: range) }
}
