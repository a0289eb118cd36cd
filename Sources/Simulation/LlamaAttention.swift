import Foundation
import GSLKit
import TensorIO

/// Causal multi-head attention on rotated queries and keys, one (sequence, key/value head) group
/// at a time, as Hugging Face's eager `LlamaAttention` computes it in float32.
///
/// ```
/// S = Q·Kᵀ/√h,   P = softmax(S + causal mask),   O = P·V
/// ∂V = Pᵀ·∂O,   ∂P = ∂O·Vᵀ,   ∂S = P ⊙ (∂P − rowsum(∂P ⊙ P)),   ∂Q = ∂S·K/√h,   ∂K = ∂Sᵀ·Q/√h
/// ```
/// Query head j reads key/value head j / (heads / kvHeads); one work item owns a key/value head of one
/// sequence and all its query heads, so the ∂K, ∂V accumulations never race.
struct LlamaAttention {
    let batch: Int, length: Int, heads: Int, kvHeads: Int, headDim: Int
    let threads: Int

    var d: Int { heads * headDim }
    var kvWidth: Int { kvHeads * headDim }
    var group: Int { heads / kvHeads }
    var scale: Float { 1 / Float(headDim).squareRoot() }

    /// probs[b, head] (T×T, zero above the diagonal) and out (N × d, heads side by side).
    func forward(q: SharedPointer<Float>, k: SharedPointer<Float>, v: SharedPointer<Float>,
                 probs: SharedPointer<Float>, out: SharedPointer<Float>) {
        let t = length, h = headDim, d = d, kv = kvWidth, group = group, scale = scale, heads = heads, kvHeads = kvHeads
        ParallelLoop.ranges(count: batch * kvHeads, threads: threads) { items in
            for item in items {
                let b = item / kvHeads, g = item % kvHeads
                let kb = k + b * t * kv + g * h, vb = v + b * t * kv + g * h
                for head in (g * group)..<((g + 1) * group) {
                    let qb = q + b * t * d + head * h
                    let p = probs + (b * heads + head) * t * t
                    LinearAlgebra.gemm(qb.p, lda: d, kb.p, ldb: kv, transposeB: true, into: p.p, ldc: t, m: t, n: t, k: h, alpha: scale)
                    for i in 0..<t {
                        let row = p + i * t
                        var m = -Float.infinity
                        for j in 0...i { m = max(m, row[j]) }
                        var s: Float = 0
                        for j in 0...i {
                            let e = Foundation.exp(row[j] - m)
                            row[j] = e
                            s += e
                        }
                        let inv = 1 / s
                        for j in 0...i { row[j] *= inv }
                        for j in (i + 1)..<t { row[j] = 0 }
                    }
                    LinearAlgebra.gemm(p.p, lda: t, vb.p, ldb: kv, into: (out + b * t * d + head * h).p, ldc: d, m: t, n: h, k: t)
                }
            }
        }
    }

    /// Gradients: reads ∂O (N × d); writes ∂Q (N × d) and accumulates into ∂K, ∂V (N × kv, zeroed by the caller).
    func backward(dOut: SharedPointer<Float>, q: SharedPointer<Float>, k: SharedPointer<Float>, v: SharedPointer<Float>,
                  probs: SharedPointer<Float>, dq: SharedPointer<Float>, dk: SharedPointer<Float>, dv: SharedPointer<Float>) {
        let t = length, h = headDim, d = d, kv = kvWidth, group = group, scale = scale, heads = heads, kvHeads = kvHeads
        ParallelLoop.ranges(count: batch * kvHeads, threads: threads) { items in
            let scratch = UnsafeMutablePointer<Float>.allocate(capacity: t * t)
            defer { scratch.deallocate() }
            let dp = SharedPointer(scratch)
            for item in items {
                let b = item / kvHeads, g = item % kvHeads
                let kb = k + b * t * kv + g * h, vb = v + b * t * kv + g * h
                let dkb = dk + b * t * kv + g * h, dvb = dv + b * t * kv + g * h
                for head in (g * group)..<((g + 1) * group) {
                    let qb = q + b * t * d + head * h, dob = dOut + b * t * d + head * h
                    let p = probs + (b * heads + head) * t * t
                    LinearAlgebra.gemm(p.p, lda: t, transposeA: true, dob.p, ldb: d, into: dvb.p, ldc: kv, m: t, n: h, k: t, beta: 1)
                    LinearAlgebra.gemm(dob.p, lda: d, vb.p, ldb: kv, transposeB: true, into: dp.p, ldc: t, m: t, n: t, k: h)
                    for i in 0..<t {
                        let pr = p + i * t, dr = dp + i * t
                        var s: Float = 0
                        for j in 0...i { s += pr[j] * dr[j] }
                        for j in 0...i { dr[j] = pr[j] * (dr[j] - s) }
                        for j in (i + 1)..<t { dr[j] = 0 }
                    }
                    LinearAlgebra.gemm(dp.p, lda: t, kb.p, ldb: kv, into: (dq + b * t * d + head * h).p, ldc: d, m: t, n: h, k: t, alpha: scale)
                    LinearAlgebra.gemm(dp.p, lda: t, transposeA: true, qb.p, ldb: d, into: dkb.p, ldc: kv, m: t, n: h, k: t, alpha: scale, beta: 1)
                }
            }
        }
    }
}
