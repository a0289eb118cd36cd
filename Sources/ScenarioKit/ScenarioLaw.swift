import Distributions

/// A law of a scenario, parsed once at load time: its spec (compared and printed) and the
/// distribution it makes, which every replicate draws from without parsing the text again.
public struct ScenarioLaw: Sendable, Equatable, CustomStringConvertible {
    /// The spec as parsed (`gaussian(sigma=1)`).
    public let spec: LawSpec
    /// The distribution of the spec.
    public let distribution: any Distribution

    /// Parses `text` (``LawSpec``) and makes its distribution.
    public init(_ text: String) throws(DistributionError) {
        spec = try LawSpec.parse(text)
        distribution = try spec.makeDistribution()
    }

    public var description: String { spec.description }

    public static func == (a: ScenarioLaw, b: ScenarioLaw) -> Bool { a.spec == b.spec }
}
