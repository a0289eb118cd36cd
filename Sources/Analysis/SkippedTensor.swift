import TensorIO

/// A tensor that was read (or listed) but not analysed, and why: an unsupported dtype, too few
/// finite values, or no spread at all.
public struct SkippedTensor: Sendable, Codable, Equatable {
    public var name: String
    public var file: String
    /// How the file stores it; nil for an alias, which has no storage of its own (written as "").
    public var dtype: StorageType?
    public var shape: [Int]?
    public var reason: String

    public init(name: String, file: String, dtype: StorageType?, shape: [Int]?, reason: String) {
        self.name = name
        self.file = file
        self.dtype = dtype
        self.shape = shape
        self.reason = reason
    }

    enum CodingKeys: String, CodingKey {
        case name, file, dtype, shape, reason
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        file = try c.decode(String.self, forKey: .file)
        let type = try c.decode(String.self, forKey: .dtype)
        dtype = type.isEmpty ? nil : StorageType(name: type)
        shape = try c.decodeIfPresent([Int].self, forKey: .shape)
        reason = try c.decode(String.self, forKey: .reason)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(file, forKey: .file)
        try c.encode(dtype?.name ?? "", forKey: .dtype)
        try c.encodeIfPresent(shape, forKey: .shape)
        try c.encode(reason, forKey: .reason)
    }
}
