/// How the trainable parameters move.
///
/// ```
/// sgd:   v ← μ·v + (g + λ·w);   w ← w − η·v                      (L2 weight decay λ)
/// adam:  m ← β₁m + (1 − β₁)g;  s ← β₂s + (1 − β₂)g²;
///        w ← w − η·(m̂/(√ŝ + ε) + λ·w)                            (decoupled decay, AdamW)
/// ```
public enum Optimizer: Sendable, Equatable {
    case sgd(learningRate: Double, momentum: Double)
    case adam(learningRate: Double, beta1: Double, beta2: Double, epsilon: Double)
}
