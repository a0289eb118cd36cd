import Foundation
import GSLKit
import Sampling

/// A seeded random first-order Markov source over a vocabulary: each token has `branching`
/// allowed successors with Dirichlet(1) probabilities; sequences start at a uniform token.
///
/// ```
/// successors(v) = `branching` distinct tokens drawn uniformly,  p(v → uᵢ) = Eᵢ / ΣE,  Eᵢ ~ Exp(1)
/// entropy rate ≤ log(branching) nats per token (the floor a perfect learner reaches)
/// ```
public struct MarkovGrammar: Sendable, Equatable {
    public let vocabularySize: Int
    public let branching: Int
    /// Row v: the successors of token v and their cumulative probabilities.
    let successors: [[Int32]]
    let cumulative: [[Double]]

    public init(vocabularySize: Int, branching: Int, seeds: SeedTree) throws(SimulationError) {
        guard vocabularySize >= 2, (1...vocabularySize).contains(branching) else {
            throw .invalidParameter("markov grammar: need vocabulary ≥ 2 and 1 ≤ branching ≤ vocabulary, got \(vocabularySize), \(branching)")
        }
        self.vocabularySize = vocabularySize
        self.branching = branching
        let engine = seeds.engine()
        var succ: [[Int32]] = [], cum: [[Double]] = []
        var order = (0..<vocabularySize).map(Int32.init)
        for _ in 0..<vocabularySize {
            for k in 0..<branching { order.swapAt(k, k + Int(engine.uniformInt(UInt(vocabularySize - k)))) }
            let e = (0..<branching).map { _ in engine.exponential(1) }
            let total = e.reduce(0, +)
            var c = 0.0
            succ.append(Array(order[0..<branching]))
            cum.append(e.map { c += $0 / total; return c })
        }
        successors = succ
        cumulative = cum
    }

    /// The entropy rate of the chain's transitions averaged uniformly over states (nats/token).
    public var meanTransitionEntropy: Double {
        var h = 0.0
        for row in cumulative {
            var prev = 0.0
            for c in row {
                let p = c - prev
                if p > 0 { h -= p * Foundation.log(p) }
                prev = c
            }
        }
        return h / Double(vocabularySize)
    }

    /// `count` sequences of `length` tokens, laid end to end.
    public func generate(count: Int, length: Int, engine: RandomEngine) -> [Int32] {
        var out = [Int32](repeating: 0, count: count * length)
        for s in 0..<count {
            var v = Int32(engine.uniformInt(UInt(vocabularySize)))
            out[s * length] = v
            for t in 1..<max(1, length) {
                let u = engine.uniform(), row = cumulative[Int(v)]
                var k = 0
                while k < row.count - 1 && u >= row[k] { k += 1 }
                v = successors[Int(v)][k]
                out[s * length + t] = v
            }
        }
        return out
    }
}
