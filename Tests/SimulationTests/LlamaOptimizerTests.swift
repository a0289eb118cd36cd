import Testing
@testable import Simulation

/// The optimiser and schedule formulas on hand-checkable inputs (exact arithmetic in float32 up
/// to one rounding per operation: bounds 1e-6 relative; deterministic).
@Suite struct LlamaOptimizerTests {
    /// transformers' get_cosine_schedule_with_warmup: 0 at step 0, 1 at the end of warm-up, ½ half way
    /// through the decay, 0 at the last step; the floor ratio lifts the end.
    @Test func warmupCosineSchedule() throws {
        let s = try LearningRateSchedule(warmupSteps: 4, totalSteps: 12)
        #expect(s.factor(at: 0) == 0 && s.factor(at: 2) == 0.5 && s.factor(at: 4) == 1)
        #expect(abs(s.factor(at: 8) - 0.5) < 1e-12 && abs(s.factor(at: 12)) < 1e-12)
        let floor = try LearningRateSchedule(warmupSteps: 0, totalSteps: 10, minimumRatio: 0.1)
        #expect(abs(floor.factor(at: 10) - 0.1) < 1e-12 && floor.factor(at: 0) == 1)
        #expect(LearningRateSchedule.constant.factor(at: 1000) == 1)
        #expect(throws: SimulationError.self) { try LearningRateSchedule(warmupSteps: -1) }
    }

    /// torch.optim.SGD with momentum μ and L2 decay λ, two steps on a constant gradient:
    /// b₁ = g + λθ₀, θ₁ = θ₀ − η·b₁;  b₂ = μ·b₁ + g + λθ₁,  θ₂ = θ₁ − η·b₂.
    @Test func sgdMomentumMatchesTorchsRecursion() throws {
        var opt = try LlamaOptimizer(.sgd(learningRate: 0.1, momentum: 0.9, weightDecay: 0.5), count: 2)
        var theta: [Float] = [1, -2]
        let g: [Float] = [0.3, 0.4]
        opt.step(&theta, gradient: g)
        opt.step(&theta, gradient: g)
        for i in 0..<2 {
            let t0 = Double([1, -2][i]), gi = Double(g[i])
            let b1 = gi + 0.5 * t0, t1 = t0 - 0.1 * b1
            let b2 = 0.9 * b1 + gi + 0.5 * t1, t2 = t1 - 0.1 * b2
            #expect(abs(Double(theta[i]) - t2) <= 1e-6 * abs(t2), "θ[\(i)] = \(theta[i]), expected \(t2)")
        }
    }

    /// AdamW's first step moves each weight by η·sign(g) (|g| ≫ ε) after the decoupled shrink θ(1 − ηλ),
    /// and skips the shrink where the decay mask is false.
    @Test func adamWFirstStepIsSignStepAfterDecay() throws {
        var opt = try LlamaOptimizer(.adamW(learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0.1), count: 2)
        var theta: [Float] = [2, 2]
        opt.step(&theta, gradient: [0.5, -3], decay: [true, false])
        let expected = [2 * (1 - 0.001) - 0.01, 2 + 0.01]
        for i in 0..<2 { #expect(abs(Double(theta[i]) - expected[i]) <= 1e-6 * expected[i], "θ[\(i)] = \(theta[i]), expected \(expected[i])") }
    }

    /// clip_grad_norm_: scaled to max_norm/(‖g‖ + 10⁻⁶) when above, untouched below.
    @Test func clippingByGlobalNorm() {
        var g: [Float] = [3, 4]
        #expect(LlamaOptimizer.clip(&g, maxNorm: 1) == 5)
        #expect(abs(Double(g[0]) - 3 / (5 + 1e-6)) <= 1e-6 && abs(Double(g[1]) - 4 / (5 + 1e-6)) <= 1e-6)
        var h: [Float] = [0.3, 0.4]
        LlamaOptimizer.clip(&h, maxNorm: 1)
        #expect(h == [0.3, 0.4])
    }
}
