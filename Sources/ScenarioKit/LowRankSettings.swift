import Distributions
import Simulation

/// The `low_rank:` experiment, its laws parsed once at load time: ΔW = (α/r)·B·A with A and B from any sampler law, one
/// update (`delta`) or, with `layers`, one per layer with a rank per depth (`layers.{l}.delta`).
public struct LowRankSettings: Sendable, Equatable {
    public var shape: [Int]
    /// The rank of each update (one entry without `layers`).
    public var ranks: [Int]
    public var perLayer: Bool
    /// α; nil means α = r (so that ΔW = B·A).
    public var alpha: Double?
    public var lawA: ScenarioLaw
    public var lawB: ScenarioLaw


    /// The updates these settings describe, one per rank.
    func updates() throws(SimulationError) -> [LowRankUpdate] {
        let a = lawA.distribution, b = lawB.distribution
        var out: [LowRankUpdate] = []
        for r in ranks {
            guard (1...shape.min()!).contains(r) else { throw .invalidParameter("rank must be between 1 and min(\(shape[0]), \(shape[1])), got \(r)") }
            out.append(try LowRankUpdate(rank: r, alpha: alpha ?? Double(r), lawA: a, lawB: b))
        }
        return out
    }
}
