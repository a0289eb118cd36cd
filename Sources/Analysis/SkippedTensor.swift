/// A tensor that was read (or listed) but not analysed, and why: an unsupported dtype, too few
/// finite values, or no spread at all.
public struct SkippedTensor: Sendable, Codable, Equatable {
    public var name: String
    public var file: String
    public var dtype: String
    public var shape: [Int]?
    public var reason: String

    public init(name: String, file: String, dtype: String, shape: [Int]?, reason: String) {
        self.name = name
        self.file = file
        self.dtype = dtype
        self.shape = shape
        self.reason = reason
    }
}
