/// A law written as text, parsed once: its spec (compared and printed) and the distribution it
/// makes, which every draw uses without parsing the text again. Simulations hold their laws as
/// parsed laws so that they compare (by spec) and print as written.
public struct ParsedLaw: Sendable, Equatable, CustomStringConvertible {
    /// The spec as parsed (`gaussian(sigma=1)`).
    public let spec: LawSpec
    /// The distribution of the spec.
    public let distribution: any Distribution

    /// Parses `text` (``LawSpec``) and makes its distribution.
    public init(_ text: String) throws(DistributionError) {
        try self.init(spec: try LawSpec.parse(text))
    }

    /// Makes the distribution of `spec`.
    public init(spec: LawSpec) throws(DistributionError) {
        self.spec = spec
        distribution = try spec.makeDistribution()
    }

    /// N(0, σ²), written `gaussian(sigma=σ)`.
    public static func gaussian(sigma: Double) throws(DistributionError) -> ParsedLaw {
        try ParsedLaw("gaussian(sigma=\(LawSpec.format(sigma)))")
    }

    public var description: String { spec.description }

    /// Equal specs (the distributions they make are then equal too).
    public static func == (a: ParsedLaw, b: ParsedLaw) -> Bool { a.spec == b.spec }
}
