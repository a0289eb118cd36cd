import GSLKit
import Sampling

/// Where training text comes from: a teacher LLaMA sampled at a temperature, a seeded Markov
/// grammar, or a per-sequence mixture of two sources (a shifted distribution for fine-tuning).
///
/// ```
/// mixture(a, b, w):  each sequence comes from b with probability w, from a otherwise
/// ```
public indirect enum TokenSource: Sendable {
    case teacher(LlamaModel, temperature: Double)
    case markov(MarkovGrammar)
    case mixture(TokenSource, TokenSource, weight: Double)

    public var vocabularySize: Int {
        switch self {
        case let .teacher(m, _): return m.config.vocabularySize
        case let .markov(g): return g.vocabularySize
        case let .mixture(a, b, _): return max(a.vocabularySize, b.vocabularySize)
        }
    }

    /// `count` sequences of `length` tokens, end to end, from the streams under `seeds`.
    public func generate(count: Int, length: Int, seeds: SeedTree) throws(SimulationError) -> [Int32] {
        guard count >= 1, length >= 2 else { throw .invalidParameter("token source: need count ≥ 1 and length ≥ 2") }
        switch self {
        case let .teacher(model, temperature):
            return try model.sample(count: count, length: length, temperature: temperature, engine: seeds.child("teacher").engine())
        case let .markov(grammar):
            return grammar.generate(count: count, length: length, engine: seeds.child("markov").engine())
        case let .mixture(a, b, weight):
            guard (0...1).contains(weight) else { throw .invalidParameter("token source: mixture weight must be in [0, 1], got \(weight)") }
            let engine = seeds.child("choice").engine()
            let fromB = (0..<count).map { _ in engine.uniform() < weight }
            let nb = fromB.filter { $0 }.count
            let sa = count - nb > 0 ? try a.generate(count: count - nb, length: length, seeds: seeds.child("a")) : []
            let sb = nb > 0 ? try b.generate(count: nb, length: length, seeds: seeds.child("b")) : []
            var out: [Int32] = [], ia = 0, ib = 0
            out.reserveCapacity(count * length)
            for useB in fromB {
                if useB { out += sb[(ib * length)..<((ib + 1) * length)]; ib += 1 } else { out += sa[(ia * length)..<((ia + 1) * length)]; ia += 1 }
            }
            return out
        }
    }
}
