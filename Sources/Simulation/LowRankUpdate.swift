import Distributions
import GSLKit
import Sampling

/// A LoRA-style update ΔW = (α/r)·B·A with B (rows×r) and A (r×columns) i.i.d. N(0, σb²), N(0, σa²).
///
/// ```
/// Var ΔW = (α/r)²·r·σa²σb²,   kurtosis = 3 + 6/r   (expectation over A and B)
/// rank ΔW ≤ r, so the spectrum of ΔW·ΔWᵀ/n is r spikes and zeros
/// ```
public struct LowRankUpdate: Sendable, Equatable {
    public var rank: Int
    public var alpha: Double
    public var sigmaA: Double
    public var sigmaB: Double

    public init(rank: Int, alpha: Double = 1, sigmaA: Double = 1, sigmaB: Double = 1) throws(SimulationError) {
        guard rank >= 1 else { throw .invalidParameter("rank must be at least 1, got \(rank)") }
        guard sigmaA > 0, sigmaB > 0, alpha.isFinite, alpha != 0 else { throw .invalidParameter("low rank needs σa, σb > 0 and α ≠ 0") }
        self.rank = rank
        self.alpha = alpha
        self.sigmaA = sigmaA
        self.sigmaB = sigmaB
    }

    /// ΔW for a rows×columns weight, drawn from `seeds` (A from seeds/"A", B from seeds/"B").
    public func delta(rows: Int, columns: Int, seeds: SeedTree, sampler: TensorSampler) throws(SimulationError) -> [Float] {
        guard rank <= Swift.min(rows, columns) else { throw .invalidParameter("rank \(rank) exceeds min(\(rows), \(columns))") }
        let a: [Float], b: [Float]
        do {
            a = sampler.sample(shape: [rank, columns], law: try Gaussian(sigma: sigmaA), seeds: seeds.child("A"))
            b = sampler.sample(shape: [rows, rank], law: try Gaussian(sigma: sigmaB), seeds: seeds.child("B"))
        } catch { throw .invalidParameter("\(error)") }
        var out = [Float](repeating: 0, count: rows * columns)
        a.withUnsafeBufferPointer { ap in
            b.withUnsafeBufferPointer { bp in
                out.withUnsafeMutableBufferPointer { op in
                    LinearAlgebra.gemm(bp.baseAddress!, ap.baseAddress!, into: op.baseAddress!, m: rows, n: columns, k: rank,
                                       alpha: Float(alpha / Double(rank)))
                }
            }
        }
        return out
    }
}
