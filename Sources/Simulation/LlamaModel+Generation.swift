import Foundation
import GSLKit

extension LlamaModel {
    /// Samples `count` sequences of `length` tokens from the model's own next-token law at
    /// temperature τ, with a uniform first token:
    ///
    /// ```
    /// x₁ ~ U{0…V−1},   x_{t+1} ~ softmax(logits(x₁…x_t)[t] / τ)
    /// ```
    /// Sequences are generated `chunk` at a time by re-running the prefix (O(T²) per sequence,
    /// fine for the small teachers this is for). Draws come from `engine` in sequence order.
    public func sample(count: Int, length: Int, temperature: Double = 1, engine: RandomEngine, chunk: Int = 32) throws(SimulationError) -> [Int32] {
        guard count >= 1, length >= 2, length <= config.contextLength else {
            throw .invalidParameter("llama sampling: need count ≥ 1 and 2 ≤ length ≤ \(config.contextLength), got \(count), \(length)")
        }
        guard temperature > 0, temperature.isFinite else { throw .invalidParameter("llama sampling: temperature must be > 0, got \(temperature)") }
        let v = config.vocabularySize
        var out = [Int32](repeating: 0, count: count * length)
        var probabilities = [Double](repeating: 0, count: v)
        for start in stride(from: 0, to: count, by: chunk) {
            let b = min(chunk, count - start)
            var tokens = [Int32](repeating: 0, count: b * length)
            for s in 0..<b { tokens[s * length] = Int32(engine.uniformInt(UInt(v))) }
            for t in 1..<length {
                // The prefix x₁…x_t of every sequence, as a b × t batch.
                var prefix = [Int32](repeating: 0, count: b * t)
                for s in 0..<b { for j in 0..<t { prefix[s * t + j] = tokens[s * length + j] } }
                let acts = LlamaActivations(config: config, batch: b, length: t)
                _ = run(prefix, acts: acts, gradient: nil)
                for s in 0..<b {
                    let row = acts.logits + ((s * t + t - 1) * v)
                    var m = -Double.infinity
                    for j in 0..<v { m = max(m, Double(row[j]) / temperature) }
                    var total = 0.0
                    for j in 0..<v {
                        probabilities[j] = Foundation.exp(Double(row[j]) / temperature - m)
                        total += probabilities[j]
                    }
                    let u = engine.uniform() * total
                    var acc = 0.0, pick = v - 1
                    for j in 0..<v {
                        acc += probabilities[j]
                        if u < acc { pick = j; break }
                    }
                    tokens[s * length + t] = Int32(pick)
                }
            }
            out.replaceSubrange((start * length)..<((start + b) * length), with: tokens)
        }
        return out
    }
}
