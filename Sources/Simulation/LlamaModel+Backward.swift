import GSLKit
import TensorIO

extension LlamaModel {
    /// ∂loss/∂x·Wᵀ = ∂y·W into `dx` (rows × in), and ∂W += ∂yᵀ·x (out × in).
    @inline(__always)
    func linearBackward(_ dy: SharedPointer<Float>, x: SharedPointer<Float>, rows: Int, in n: Int, out: Int,
                        w: SharedPointer<Float>, dw: SharedPointer<Float>, dx: SharedPointer<Float>, beta: Float = 0) {
        LinearAlgebra.gemm(dy.p, lda: out, w.p, ldb: n, into: dx.p, ldc: n, m: rows, n: n, k: out, beta: beta)
        LinearAlgebra.gemm(dy.p, lda: out, transposeA: true, x.p, ldb: n, into: dw.p, ldc: n, m: out, n: n, k: rows, beta: 1)
    }

    /// RMSNorm backward: dx += RMSNorm′ᵀ·dy and the gain's gradient += Σ_rows dy ⊙ x̂.
    func normBackward(_ dy: SharedPointer<Float>, xhat: SharedPointer<Float>, inverse: SharedPointer<Float>, rows n: Int,
                      w: SharedPointer<Float>, dw: SharedPointer<Float>, dx: SharedPointer<Float>) {
        let d = config.hiddenSize
        ParallelLoop.ranges(count: n, threads: threads) { r in
            LlamaKernels.rmsNormBackward(dy, weight: w, xhat: xhat, inverse: inverse, n: d, rows: r, dx: dx)
        }
        ParallelLoop.ranges(count: d, threads: threads) { cols in
            LlamaKernels.columnDotSum(dy, xhat, rows: n, n: d, columns: cols, into: dw)
        }
    }

    /// The backward pass: `acts.logits` holds ∂loss/∂logits (from the cross-entropy); `grad` (zeroed,
    /// laid out as the parameters) receives every parameter's gradient. Overwrites the saved gate/up
    /// activations.
    func backward(w: SharedPointer<Float>, tokens: SharedPointer<Int32>, acts: LlamaActivations, grad g: SharedPointer<Float>) {
        let c = config, d = c.hiddenSize, kv = c.kvWidth, f = c.intermediateSize, n = acts.rows, t = acts.length
        let p = parameters, workers = threads, dx = acts.dx, sa = acts.scratchA, sb = acts.scratchB
        linearBackward(acts.logits, x: acts.hF, rows: n, in: d, out: c.vocabularySize, w: w + p.head, dw: g + p.head, dx: sa)
        dx.p.initialize(repeating: 0, count: n * d)
        normBackward(sa, xhat: acts.xhatF, inverse: acts.rmsF, rows: n, w: w + p.finalNorm, dw: g + p.finalNorm, dx: dx)
        let attention = LlamaAttention(batch: acts.batch, length: t, heads: c.heads, kvHeads: c.kvHeads, headDim: c.headDim, threads: workers)
        let half = c.headDim / 2, heads = c.heads, kvHeads = c.kvHeads, h = c.headDim
        cosTable.withUnsafeBufferPointer { cp in
            sinTable.withUnsafeBufferPointer { sp in
                let cosP = SharedPointer(cp.baseAddress!), sinP = SharedPointer(sp.baseAddress!)
                for l in (0..<c.layers).reversed() {
                    let a = acts.blocks[l], pb = p.blocks[l]
                    // MLP: dx is ∂loss/∂(block output).
                    linearBackward(dx, x: a.act, rows: n, in: f, out: d, w: w + pb.down, dw: g + pb.down, dx: sa)
                    ParallelLoop.ranges(count: n, threads: workers) { r in
                        LlamaKernels.swigluBackward(sa, gate: a.gate, up: a.up, range: (r.lowerBound * f)..<(r.upperBound * f))
                    }
                    linearBackward(a.gate, x: a.h2, rows: n, in: d, out: f, w: w + pb.gate, dw: g + pb.gate, dx: sb)
                    linearBackward(a.up, x: a.h2, rows: n, in: d, out: f, w: w + pb.up, dw: g + pb.up, dx: sb, beta: 1)
                    normBackward(sb, xhat: a.xhat2, inverse: a.rms2, rows: n, w: w + pb.postNorm, dw: g + pb.postNorm, dx: dx)
                    // Attention: dx is ∂loss/∂mid.
                    linearBackward(dx, x: a.attn, rows: n, in: d, out: d, w: w + pb.o, dw: g + pb.o, dx: sa)
                    acts.dk.p.initialize(repeating: 0, count: n * kv)
                    acts.dv.p.initialize(repeating: 0, count: n * kv)
                    attention.backward(dOut: sa, q: a.q, k: a.k, v: a.v, probs: a.probs, dq: acts.dq, dk: acts.dk, dv: acts.dv)
                    let dq = acts.dq, dk = acts.dk
                    ParallelLoop.ranges(count: n, threads: workers) { r in
                        for i in r {
                            let pos = (i % t) * half
                            LlamaKernels.rotateBackward(dq + i * d, heads: heads, h: h, cos: cosP + pos, sin: sinP + pos)
                            LlamaKernels.rotateBackward(dk + i * kv, heads: kvHeads, h: h, cos: cosP + pos, sin: sinP + pos)
                        }
                    }
                    linearBackward(dq, x: a.h1, rows: n, in: d, out: d, w: w + pb.q, dw: g + pb.q, dx: sb)
                    linearBackward(dk, x: a.h1, rows: n, in: d, out: kv, w: w + pb.k, dw: g + pb.k, dx: sb, beta: 1)
                    linearBackward(acts.dv, x: a.h1, rows: n, in: d, out: kv, w: w + pb.v, dw: g + pb.v, dx: sb, beta: 1)
                    normBackward(sb, xhat: a.xhat1, inverse: a.rms1, rows: n, w: w + pb.inputNorm, dw: g + pb.inputNorm, dx: dx)
                }
            }
        }
        // Embedding rows: columns split over workers, rows in order, so the sums never race.
        let embed = g + p.embed
        ParallelLoop.ranges(count: d, threads: workers) { cols in
            for i in 0..<n {
                let row = embed + Int(tokens[i]) * d, src = dx + i * d
                for j in cols { row[j] += src[j] }
            }
        }
    }
}
