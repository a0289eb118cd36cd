import Analysis
import GSLKit

/// One Monte Carlo experiment, as written in a scenario YAML file: what to generate, how often,
/// which analyses to run, and the claims the results must (or, for open questions, may) support.
///
/// The format is documented in the README and printed as a JSON Schema by
/// `weightlab scenario schema`.
public struct Scenario: Sendable, Equatable {
    /// Short identifier, e.g. `lora-rank`.
    public var name: String
    /// What the scenario tests, in prose.
    public var description: String
    /// Root seed; every case, replicate and tensor derives its stream from it.
    public var seed: UInt64
    /// GSL generator.
    public var generator: Generator
    /// Replicates at default size.
    public var replicates: Int
    /// Replicates with `--quick`.
    public var quickReplicates: Int
    /// The sweep: each case binds variables used by `${name}` in the experiment and by claims.
    public var cases: [ScenarioCase]
    /// What one replicate generates.
    public var experiment: Experiment
    /// Which analyses run on each generated tensor (the `analysis:` block over the defaults).
    public var analysis: AnalysisOptions
    /// The claims checked over the replicates.
    public var claims: [Claim]
    /// The file it came from (for messages).
    public var file: String
    /// The YAML text it was read from: the run's fingerprint (``ScenarioRunner/key``) hashes it.
    public var source: String
    /// The experiment of each case (same order as `cases`), after `${var}` substitution.
    public var caseExperiments: [Experiment] = []

    public init(name: String, description: String, seed: UInt64, generator: Generator, replicates: Int,
                quickReplicates: Int, cases: [ScenarioCase], experiment: Experiment, analysis: AnalysisOptions,
                claims: [Claim], file: String, source: String) {
        self.name = name
        self.description = description
        self.seed = seed
        self.generator = generator
        self.replicates = replicates
        self.quickReplicates = quickReplicates
        self.cases = cases
        self.experiment = experiment
        self.analysis = analysis
        self.claims = claims
        self.file = file
        self.source = source
    }
}
