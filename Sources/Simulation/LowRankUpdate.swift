import Distributions
import GSLKit
import Sampling

/// A LoRA-style update ΔW = (α/r)·B·A with B (rows×r) and A (r×columns) i.i.d. from their laws
/// (any sampler law; N(0, 1) by default).
///
/// ```
/// zero-mean laws with variances σa², σb² and kurtoses κa, κb:
/// Var ΔW   = (α/r)²·r·σa²σb²
/// kurtosis = 3 + (κa·κb − 3)/r          (3 + 6/r for Gaussian A and B)
/// rank ΔW ≤ r, so the spectrum of ΔW·ΔWᵀ/n is r spikes and zeros
/// ```
public struct LowRankUpdate: Sendable, Equatable {
    public var rank: Int
    public var alpha: Double
    public var lawA: ParsedLaw
    public var lawB: ParsedLaw

    public init(rank: Int, alpha: Double = 1, lawA: ParsedLaw, lawB: ParsedLaw) throws(SimulationError) {
        guard rank >= 1 else { throw .invalidParameter("rank must be at least 1, got \(rank)") }
        guard alpha.isFinite, alpha != 0 else { throw .invalidParameter("low rank needs a finite α ≠ 0, got \(alpha)") }
        for (name, law) in [("A", lawA), ("B", lawB)] {
            let sd = law.distribution.moments.std
            guard sd.isFinite, sd > 0 else { throw .invalidParameter("the law of \(name), \(law.distribution), has no finite positive std") }
        }
        self.rank = rank
        self.alpha = alpha
        self.lawA = lawA
        self.lawB = lawB
    }

    /// Gaussian factors N(0, σa²) and N(0, σb²).
    public init(rank: Int, alpha: Double = 1, sigmaA: Double = 1, sigmaB: Double = 1) throws(SimulationError) {
        guard sigmaA > 0, sigmaB > 0 else { throw .invalidParameter("low rank needs σa, σb > 0") }
        let a: ParsedLaw, b: ParsedLaw
        do { (a, b) = (try ParsedLaw.gaussian(sigma: sigmaA), try ParsedLaw.gaussian(sigma: sigmaB)) } catch { throw .invalidLaw(key: "", error) }
        try self.init(rank: rank, alpha: alpha, lawA: a, lawB: b)
    }

    /// The closed-form std and excess kurtosis of an entry of ΔW (zero-mean laws only; nil otherwise).
    public var theory: (std: Double, excessKurtosis: Double)? {
        let a = lawA.distribution.moments, b = lawB.distribution.moments
        guard abs(a.mean) <= 1e-12 * a.std, abs(b.mean) <= 1e-12 * b.std else { return nil }
        let r = Double(rank)
        return (abs(alpha) / r * r.squareRoot() * a.std * b.std, (a.kurtosis * b.kurtosis - 3) / r)
    }

    /// ΔW for a rows×columns weight, drawn from `seeds` (A from seeds/"A", B from seeds/"B").
    public func delta(rows: Int, columns: Int, seeds: SeedTree, sampler: TensorSampler) throws(SimulationError) -> [Float] {
        guard rank <= Swift.min(rows, columns) else { throw .invalidParameter("rank \(rank) exceeds min(\(rows), \(columns))") }
        let a = sampler.sample(Float.self, shape: [rank, columns], law: lawA.distribution, seeds: seeds.child("A"))
        let b = sampler.sample(Float.self, shape: [rows, rank], law: lawB.distribution, seeds: seeds.child("B"))
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
