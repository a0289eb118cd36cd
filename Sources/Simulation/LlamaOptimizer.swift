/// A first-order optimiser over a flat float32 parameter buffer, with torch's semantics (its
/// single-tensor code path, scalars rounded to float32 as torch's CPU kernels do).
///
/// ```
/// adamW:  θ ← θ·(1 − η·λ);  m ← m + (1 − β₁)(g − m);  v ← β₂v + (1 − β₂)g²
///         θ ← θ − (η/(1 − β₁ᵗ))·m / (√v/√(1 − β₂ᵗ) + ε)          (torch.optim.AdamW)
/// sgd:    d = g + λθ;  b ← μb + d (b = d at t = 1);  θ ← θ − η·b     (torch.optim.SGD, no dampening)
/// ```
/// η is the base rate times the schedule's factor. Weight decay λ applies to the entries where
/// `decay` is true (all of them when nil).
public struct LlamaOptimizer: Sendable {
    public enum Kind: Sendable, Equatable {
        case adamW(learningRate: Double, beta1: Double, beta2: Double, epsilon: Double, weightDecay: Double)
        case sgd(learningRate: Double, momentum: Double, weightDecay: Double)
    }

    public let kind: Kind
    /// Steps taken (t).
    public private(set) var steps = 0
    var first: [Float]
    var second: [Float]

    public init(_ kind: Kind, count: Int) throws(SimulationError) {
        switch kind {
        case let .adamW(lr, b1, b2, eps, wd):
            guard lr > 0, lr.isFinite, (0..<1).contains(b1), (0..<1).contains(b2), eps > 0, wd >= 0 else {
                throw .invalidParameter("adamw: need lr > 0, 0 ≤ β₁, β₂ < 1, ε > 0, weight decay ≥ 0")
            }
        case let .sgd(lr, mu, wd):
            guard lr > 0, lr.isFinite, mu >= 0, mu < 1, wd >= 0 else { throw .invalidParameter("sgd: need lr > 0, 0 ≤ momentum < 1, weight decay ≥ 0") }
        }
        self.kind = kind
        first = [Float](repeating: 0, count: count)
        if case .adamW = kind { second = [Float](repeating: 0, count: count) } else { second = [] }
    }

    /// One update of `parameters` from `gradient` at learning-rate factor `factor`.
    public mutating func step(_ parameters: inout [Float], gradient: [Float], factor: Double = 1, decay: [Bool]? = nil) {
        precondition(parameters.count == first.count && gradient.count == first.count, "optimizer: buffer sizes differ")
        steps += 1
        switch kind {
        case let .adamW(lr0, b1, b2, eps, wd):
            let lr = lr0 * factor
            let shrink = Float(1 - lr * wd), w1 = Float(1 - b1), fb2 = Float(b2), w2 = Float(1 - b2)
            let stepSize = Float(lr / (1 - pow(b1, steps))), bc2 = Float((1 - pow(b2, steps)).squareRoot()), e = Float(eps)
            for i in parameters.indices {
                let g = gradient[i]
                var p = parameters[i]
                if decay?[i] ?? true { p *= shrink }
                first[i] += w1 * (g - first[i])
                second[i] = second[i] * fb2 + w2 * g * g
                p -= stepSize * (first[i] / (second[i].squareRoot() / bc2 + e))
                parameters[i] = p
            }
        case let .sgd(lr0, mu, wd):
            let lr = Float(lr0 * factor), m = Float(mu), l = Float(wd)
            for i in parameters.indices {
                var d = gradient[i]
                if wd > 0, decay?[i] ?? true { d += l * parameters[i] }
                first[i] = steps == 1 ? d : m * first[i] + d
                parameters[i] -= lr * first[i]
            }
        }
    }

    /// Scales `gradient` in place so that its global L2 norm is at most `maxNorm`, as
    /// `torch.nn.utils.clip_grad_norm_`: c = min(1, maxNorm/(‖g‖ + 10⁻⁶)). Returns ‖g‖ before clipping.
    @discardableResult
    public static func clip(_ gradient: inout [Float], maxNorm: Double) -> Double {
        var s = 0.0
        for g in gradient { s += Double(g) * Double(g) }
        let norm = s.squareRoot()
        let c = maxNorm / (norm + 1e-6)
        if c < 1 {
            let f = Float(c)
            for i in gradient.indices { gradient[i] *= f }
        }
        return norm
    }
}

private func pow(_ x: Double, _ n: Int) -> Double {
    var r = 1.0
    for _ in 0..<n { r *= x }
    return r
}
