/// The outcome of running a scenario: every claim's verdict per case, and per-case summaries of the
/// measured quantities (mean and SD over replicates, by tensor) for tables and figures.
public struct ScenarioReport: Sendable, Codable, Equatable {
    public var scenario: String
    public var description: String
    public var seed: UInt64
    public var generator: String
    public var weightlabVersion: String
    public var replicates: Int
    public var cases: [String]
    public var claims: [ClaimResult]
    public var summaries: [QuantitySummary]
    /// Wall-clock facts, the only part that differs between identical runs.
    public var timing: Timing?

    public struct Timing: Sendable, Codable, Equatable {
        public var seconds: Double
        public var threads: Int
    }

    /// Mean and SD over replicates of one quantity of one tensor in one case.
    public struct QuantitySummary: Sendable, Codable, Equatable {
        public var caseLabel: String
        public var tensor: String
        public var depth: Int?
        public var quantity: String
        public var mean: Double
        public var sd: Double
        public var n: Int

        enum CodingKeys: String, CodingKey {
            case tensor, depth, quantity, mean, sd, n
            case caseLabel = "case"
        }
    }

    /// True when no claim failed.
    public var passed: Bool { !claims.contains { $0.verdict == .fail } }

    enum CodingKeys: String, CodingKey {
        case scenario, description, seed, generator, replicates, cases, claims, summaries, timing
        case weightlabVersion = "weightlab_version"
    }
}
