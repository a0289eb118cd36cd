/// How a file stores a tensor's values, as reports name it: a plain element type (`F32`, `BF16`, …,
/// ``DType``'s raw value) or another encoding, named as the file names it: a quantisation the values
/// decode from (GGUF's `Q4_K`, …) or, for a tensor that is skipped, a type WeightLab does not read
/// (`I64`).
///
/// The JSON form is that one string; decoding a string that is not a ``DType`` raw value gives
/// ``encoded(_:)``.
public enum StorageType: Sendable, Hashable, Codable, CustomStringConvertible {
    case plain(DType)
    case encoded(String)

    /// The stored form of `info`: its quantisation when it has one, else its element type.
    public init(_ info: TensorInfo) {
        self = info.storage.map(StorageType.encoded) ?? .plain(info.dtype)
    }

    /// Parses the report spelling.
    public init(name: String) {
        self = DType(rawValue: name).map(StorageType.plain) ?? .encoded(name)
    }

    /// `F32`, `BF16`, `Q4_K`, …
    public var name: String {
        switch self {
        case let .plain(t): return t.rawValue
        case let .encoded(q): return q
        }
    }

    public var description: String { name }

    public init(from decoder: Decoder) throws {
        self.init(name: try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(name)
    }
}
