import Foundation
import GSLKit
import Sampling

/// What a fine-tuning phase trains, as a map from trainable values θ to the model's weights W:
///
/// ```
/// full    W = θ
/// lora    W_m = P_m + s·B_m·A_m for each target matrix m (out × in), s = α/r;
///         A_m (r × in) ~ U(±√(6/((1 + 5)·in))) (kaiming_uniform, a = √5), B_m (out × r) = 0  (PEFT)
///         ∂A = s·Bᵀ·∂W,  ∂B = s·∂W·Aᵀ
/// noise   W_m = P_m + c_m·N_m,  N_m ~ N(0, 1/in) fixed, c_m = 0 at the start;  ∂c_m = Σ ∂W ⊙ N_m
/// ```
/// Every other tensor stays at P (frozen) under lora and noise.
public struct FineTuneAdapter: Sendable {
    public enum Mode: Sendable, Equatable {
        case full
        case lora(rank: Int, alpha: Double)
        case noise
    }

    public let mode: Mode
    /// The adapted matrices (entries of the base parameters).
    public let targets: [LlamaParameters.Entry]
    /// Offsets of each target's trainable values in θ (A then B for LoRA, one scale for noise).
    let offsets: [Int]
    /// The fixed noise directions (noise mode), one per target.
    let noise: [[Float]]

    /// Adapts the matrices whose module kind is in `modules` (all matrices but the embedding and head when empty).
    public init(mode: Mode, parameters: LlamaParameters, modules: Set<String> = [], seeds: SeedTree) throws(SimulationError) {
        self.mode = mode
        let kinds = modules.isEmpty ? ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"] : modules
        targets = parameters.entries.filter { !$0.isNorm && kinds.contains(LlamaParameters.moduleKind($0.name)) }
        if mode != .full, targets.isEmpty { throw .invalidParameter("fine-tuning: no matrix matches the modules \(kinds.sorted())") }
        var offsets: [Int] = [], o = 0, noise: [[Float]] = []
        for t in targets {
            offsets.append(o)
            switch mode {
            case .full: break
            case let .lora(r, _):
                guard r >= 1, r <= min(t.shape[0], t.shape[1]) else { throw .invalidParameter("LoRA rank \(r) does not fit \(t.name) \(t.shape)") }
                o += r * (t.shape[0] + t.shape[1])
            case .noise:
                o += 1
                var n = [Float](repeating: 0, count: t.count)
                n.withUnsafeMutableBufferPointer { b in
                    LlamaInitializer.fill(b, rows: t.shape[0], columns: t.shape[1], scheme: .normal(std: 1 / Double(t.shape[1]).squareRoot()),
                                          seeds: seeds.child("noise").child(t.name))
                }
                noise.append(n)
            }
        }
        self.offsets = offsets
        self.noise = noise
        trainableCount = mode == .full ? parameters.count : o
    }

    /// Number of trainable values.
    public let trainableCount: Int

    /// θ at the start: the base weights (full), PEFT's A and B = 0 (lora), zero scales (noise).
    public func initial(base: LlamaParameters, seeds: SeedTree) -> [Float] {
        guard case let .lora(r, _) = mode else { return mode == .full ? base.values : [Float](repeating: 0, count: trainableCount) }
        var theta = [Float](repeating: 0, count: trainableCount)
        theta.withUnsafeMutableBufferPointer { b in
            for (t, o) in zip(targets, offsets) {
                let a = UnsafeMutableBufferPointer(rebasing: b[o..<(o + r * t.shape[1])])
                LlamaInitializer.fill(a, rows: r, columns: t.shape[1], scheme: .torchLinear, seeds: seeds.child("lora_A").child(t.name))
            }
        }
        return theta
    }

    var scale: Float { if case let .lora(r, alpha) = mode { return Float(alpha / Double(r)) } else { return 1 } }

    /// The model's weights W(θ) over the frozen `base`.
    public func weights(base: [Float], theta: [Float]) -> [Float] {
        if mode == .full { return theta }
        var w = base
        w.withUnsafeMutableBufferPointer { wp in
            theta.withUnsafeBufferPointer { tp in
                for (i, (t, o)) in zip(targets, offsets).enumerated() {
                    let rows = t.shape[0], cols = t.shape[1]
                    switch mode {
                    case .full: break
                    case let .lora(r, _):
                        let a = tp.baseAddress! + o, b = a + r * cols
                        LinearAlgebra.gemm(b, a, into: wp.baseAddress! + t.offset, m: rows, n: cols, k: r, alpha: scale, beta: 1)
                    case .noise:
                        let c = tp[o]
                        for j in 0..<t.count { wp[t.offset + j] += c * noise[i][j] }
                    }
                }
            }
        }
        return w
    }

    /// ∂loss/∂θ from ∂loss/∂W.
    public func pullback(_ dW: [Float], theta: [Float]) -> [Float] {
        if mode == .full { return dW }
        var g = [Float](repeating: 0, count: trainableCount)
        g.withUnsafeMutableBufferPointer { gp in
            theta.withUnsafeBufferPointer { tp in
                dW.withUnsafeBufferPointer { dp in
                    for (i, (t, o)) in zip(targets, offsets).enumerated() {
                        let rows = t.shape[0], cols = t.shape[1], dw = dp.baseAddress! + t.offset
                        switch mode {
                        case .full: break
                        case let .lora(r, _):
                            let a = tp.baseAddress! + o, b = a + r * cols
                            LinearAlgebra.gemm(b, transposeA: true, dw, into: gp.baseAddress! + o, m: r, n: cols, k: rows, alpha: scale)
                            LinearAlgebra.gemm(dw, a, transposeB: true, into: gp.baseAddress! + o + r * cols, m: rows, n: r, k: cols, alpha: scale)
                        case .noise:
                            var s: Float = 0
                            for j in 0..<t.count { s += dw[j] * noise[i][j] }
                            gp[o] = s
                        }
                    }
                }
            }
        }
        return g
    }
}
