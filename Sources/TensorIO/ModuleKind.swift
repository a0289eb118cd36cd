/// The kind of module a weight matrix belongs to: attention projections `q`, `k`, `v`, `o` and a
/// fused `qkv`, the MLP's `gate`, `up` and `down`, `embedding`, `norm`, or `other`.
///
/// A value, not a closed enum: a scenario's explicit layer list (`module:`) and its
/// `module_multipliers` keys may name kinds of their own, which match each other by spelling. The
/// JSON and YAML form is the bare string (`"q"`), the ``rawValue``.
public struct ModuleKind: RawRepresentable, Sendable, Hashable, Codable, Comparable, ExpressibleByStringLiteral,
    CustomStringConvertible {
    public var rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { rawValue = value }

    public static let q: ModuleKind = "q"
    public static let k: ModuleKind = "k"
    public static let v: ModuleKind = "v"
    public static let o: ModuleKind = "o"
    public static let qkv: ModuleKind = "qkv"
    public static let gate: ModuleKind = "gate"
    public static let up: ModuleKind = "up"
    public static let down: ModuleKind = "down"
    public static let embedding: ModuleKind = "embedding"
    public static let norm: ModuleKind = "norm"
    public static let other: ModuleKind = "other"

    /// The kinds ``TensorName`` classifies a tensor name into.
    public static let known: [ModuleKind] = [.q, .k, .v, .o, .qkv, .gate, .up, .down, .embedding, .norm, .other]

    public var description: String { rawValue }

    /// By spelling.
    public static func < (a: ModuleKind, b: ModuleKind) -> Bool { a.rawValue < b.rawValue }

    public init(from decoder: Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }
}
