import Foundation
import GSLKit
import TensorIO

/// A LLaMA-architecture causal language model in float32, computed as Hugging Face's
/// `LlamaForCausalLM` computes it, with a hand-written backward pass.
///
/// ```
/// x₀ = E[tokens]
/// per block:  h = RMSNorm(x)·w₁;  q, k, v = h·W_qᵀ, h·W_kᵀ, h·W_vᵀ;  q, k ← RoPE(q, k)
///             x ← x + Attention(q, k, v)·W_oᵀ
///             h = RMSNorm(x)·w₂;  x ← x + (silu(h·W_gateᵀ) ⊙ h·W_upᵀ)·W_downᵀ
/// logits = RMSNorm(x)·w_f·W_headᵀ           (W_head = E when tied)
/// loss   = mean over b and t < T−1 of −log softmax(logits[b, t])[tokens[b, t+1]]
/// ```
/// Linear maps and attention products go through BLAS (sgemm); row-wise work and attention
/// groups are split over `threads` Dispatch workers. The caller sets BLAS's own thread count
/// (``LinearAlgebra/setBLASThreads(_:)``) for the large products.
public struct LlamaModel: Sendable {
    public let config: LlamaConfig
    public var parameters: LlamaParameters
    /// Dispatch workers for row-wise work and attention.
    public var threads: Int
    /// RoPE tables: cos and sin of position·θ^(−2i/h) for i < h/2, context × h/2.
    let cosTable: [Float], sinTable: [Float]

    /// A model with all-zero parameters (initialise them with ``LlamaInitializer``) or the given ones.
    public init(config: LlamaConfig, parameters: LlamaParameters? = nil, threads: Int = 1) throws(SimulationError) {
        try config.validate()
        if let p = parameters, p.config != config { throw .shapeMismatch("llama: parameters were laid out for another configuration") }
        self.config = config
        self.parameters = parameters ?? LlamaParameters(config: config)
        self.threads = max(1, threads)
        let h = config.headDim, half = h / 2
        // As transformers: inv_freq = 1/θ^(2i/h) in float32, freqs = position·inv_freq in float32, then cos/sin.
        let inv = (0..<half).map { i in Float(1 / pow(config.ropeTheta, Double(Float(2 * i) / Float(h)))) }
        var c = [Float](repeating: 0, count: config.contextLength * half), s = c
        for p in 0..<config.contextLength {
            for i in 0..<half {
                let angle = Double(Float(p) * inv[i])
                c[p * half + i] = Float(Foundation.cos(angle))
                s[p * half + i] = Float(Foundation.sin(angle))
            }
        }
        cosTable = c
        sinTable = s
    }

    /// Checks a batch: `batch` sequences of equal length 2…context, every token in 0..<V.
    func checkTokens(_ tokens: [Int32], batch: Int) throws(SimulationError) -> Int {
        guard batch >= 1, !tokens.isEmpty, tokens.count % batch == 0 else {
            throw .shapeMismatch("llama: \(tokens.count) tokens do not split into \(batch) sequences")
        }
        let length = tokens.count / batch
        guard length >= 2, length <= config.contextLength else {
            throw .invalidParameter("llama: sequence length \(length) is outside 2…\(config.contextLength) (max_position_embeddings)")
        }
        if let bad = tokens.firstIndex(where: { $0 < 0 || Int($0) >= config.vocabularySize }) {
            throw .invalidParameter("llama: token \(tokens[bad]) at index \(bad) is outside the vocabulary 0..<\(config.vocabularySize)")
        }
        return length
    }

    /// Logits (B·T × V, row-major) of `batch` sequences laid end to end in `tokens`.
    public func logits(tokens: [Int32], batch: Int) throws(SimulationError) -> [Float] {
        let length = try checkTokens(tokens, batch: batch)
        let acts = LlamaActivations(config: config, batch: batch, length: length)
        _ = run(tokens, acts: acts, gradient: nil)
        return Array(UnsafeBufferPointer(start: acts.logits.p, count: tokens.count * config.vocabularySize))
    }

    /// Mean next-token cross-entropy (nats) over the batch.
    public func loss(tokens: [Int32], batch: Int) throws(SimulationError) -> Double {
        let length = try checkTokens(tokens, batch: batch)
        return run(tokens, acts: LlamaActivations(config: config, batch: batch, length: length), gradient: nil)
    }

    /// Mean next-token cross-entropy and its gradient, laid out as ``LlamaParameters/values``.
    public func lossAndGradient(tokens: [Int32], batch: Int) throws(SimulationError) -> (loss: Double, gradient: [Float]) {
        let length = try checkTokens(tokens, batch: batch)
        var g = [Float](repeating: 0, count: parameters.count)
        let acts = LlamaActivations(config: config, batch: batch, length: length)
        let loss = g.withUnsafeMutableBufferPointer { gp in run(tokens, acts: acts, gradient: SharedPointer(gp.baseAddress!)) }
        return (loss, g)
    }

    /// ``lossAndGradient(tokens:batch:)`` reusing `workspace`'s buffers while the batch shape stays
    /// the same (a training loop's steps), allocating new ones otherwise.
    func lossAndGradient(tokens: [Int32], batch: Int, workspace: inout LlamaActivations?) throws(SimulationError) -> (loss: Double, gradient: [Float]) {
        let length = try checkTokens(tokens, batch: batch)
        if workspace == nil || workspace!.batch != batch || workspace!.length != length || workspace!.blocks.count != config.layers {
            workspace = LlamaActivations(config: config, batch: batch, length: length)
        }
        let acts = workspace!
        var g = [Float](repeating: 0, count: parameters.count)
        let loss = g.withUnsafeMutableBufferPointer { gp in run(tokens, acts: acts, gradient: SharedPointer(gp.baseAddress!)) }
        return (loss, g)
    }

    /// Forward, loss and (when `gradient` is given, zero-filled) backward on checked tokens.
    func run(_ tokens: [Int32], acts: LlamaActivations, gradient: SharedPointer<Float>?) -> Double {
        let t = acts.length
        var targets = [Int32](repeating: -1, count: tokens.count)
        for i in tokens.indices where (i % t) < t - 1 { targets[i] = tokens[i + 1] }
        let predicted = Float(max(1, acts.batch * (t - 1)))
        return parameters.values.withUnsafeBufferPointer { wp in
            tokens.withUnsafeBufferPointer { tp in
                targets.withUnsafeBufferPointer { gp in
                    let w = SharedPointer(wp.baseAddress!), tok = SharedPointer(tp.baseAddress!), tgt = SharedPointer(gp.baseAddress!)
                    forward(w: w, tokens: tok, acts: acts)
                    let v = config.vocabularySize, logits = acts.logits
                    let rows = acts.rows, grad = gradient != nil
                    let perRow = UnsafeMutablePointer<Double>.allocate(capacity: rows)
                    defer { perRow.deallocate() }
                    let lp = SharedPointer(perRow)
                    ParallelLoop.ranges(count: rows, threads: threads) { r in
                        LlamaKernels.crossEntropy(logits, targets: tgt, n: v, rows: r, scale: 1 / predicted, gradient: grad, losses: lp)
                    }
                    var total = 0.0
                    for i in 0..<rows { total += perRow[i] }
                    if let g = gradient { backward(w: w, tokens: tok, acts: acts, grad: g) }
                    return total / Double(predicted)
                }
            }
        }
    }

    /// y (rows × out) = x (rows × in) · Wᵀ, W stored out × in.
    @inline(__always)
    func linear(_ x: SharedPointer<Float>, rows: Int, in n: Int, _ w: SharedPointer<Float>, out: Int, into y: SharedPointer<Float>, beta: Float = 0) {
        LinearAlgebra.gemm(x.p, lda: n, w.p, ldb: n, transposeB: true, into: y.p, ldc: out, m: rows, n: out, k: n, beta: beta)
    }

    /// The forward pass into `acts` (logits last).
    func forward(w: SharedPointer<Float>, tokens: SharedPointer<Int32>, acts: LlamaActivations) {
        let c = config, d = c.hiddenSize, kv = c.kvWidth, f = c.intermediateSize, n = acts.rows, t = acts.length
        let eps = Float(c.rmsNormEpsilon), p = parameters, workers = threads
        let x0 = acts.blocks[0].x, embed = w + p.embed
        ParallelLoop.ranges(count: n, threads: workers) { rows in
            for i in rows { (x0 + i * d).p.update(from: (embed + Int(tokens[i]) * d).p, count: d) }
        }
        let attention = LlamaAttention(batch: acts.batch, length: t, heads: c.heads, kvHeads: c.kvHeads, headDim: c.headDim, threads: workers)
        let half = c.headDim / 2, heads = c.heads, kvHeads = c.kvHeads, h = c.headDim
        cosTable.withUnsafeBufferPointer { cp in
            sinTable.withUnsafeBufferPointer { sp in
                let cosP = SharedPointer(cp.baseAddress!), sinP = SharedPointer(sp.baseAddress!)
                for l in 0..<c.layers {
                    let a = acts.blocks[l], pb = p.blocks[l]
                    let next = l + 1 < c.layers ? acts.blocks[l + 1].x : acts.final
                    ParallelLoop.ranges(count: n, threads: workers) { r in
                        LlamaKernels.rmsNorm(a.x, weight: w + pb.inputNorm, epsilon: eps, n: d, rows: r, xhat: a.xhat1, y: a.h1, inverse: a.rms1)
                    }
                    linear(a.h1, rows: n, in: d, w + pb.q, out: d, into: a.q)
                    linear(a.h1, rows: n, in: d, w + pb.k, out: kv, into: a.k)
                    linear(a.h1, rows: n, in: d, w + pb.v, out: kv, into: a.v)
                    ParallelLoop.ranges(count: n, threads: workers) { r in
                        for i in r {
                            let pos = (i % t) * half
                            LlamaKernels.rotate(a.q + i * d, heads: heads, h: h, cos: cosP + pos, sin: sinP + pos)
                            LlamaKernels.rotate(a.k + i * kv, heads: kvHeads, h: h, cos: cosP + pos, sin: sinP + pos)
                        }
                    }
                    attention.forward(q: a.q, k: a.k, v: a.v, probs: a.probs, out: a.attn)
                    a.mid.p.update(from: a.x.p, count: n * d)
                    linear(a.attn, rows: n, in: d, w + pb.o, out: d, into: a.mid, beta: 1)
                    ParallelLoop.ranges(count: n, threads: workers) { r in
                        LlamaKernels.rmsNorm(a.mid, weight: w + pb.postNorm, epsilon: eps, n: d, rows: r, xhat: a.xhat2, y: a.h2, inverse: a.rms2)
                    }
                    linear(a.h2, rows: n, in: d, w + pb.gate, out: f, into: a.gate)
                    linear(a.h2, rows: n, in: d, w + pb.up, out: f, into: a.up)
                    ParallelLoop.ranges(count: n, threads: workers) { r in
                        LlamaKernels.swiglu(gate: a.gate, up: a.up, into: a.act, range: (r.lowerBound * f)..<(r.upperBound * f))
                    }
                    next.p.update(from: a.mid.p, count: n * d)
                    linear(a.act, rows: n, in: f, w + pb.down, out: d, into: next, beta: 1)
                }
            }
        }
        let final = acts.final, xhatF = acts.xhatF, hF = acts.hF, rmsF = acts.rmsF, gain = w + p.finalNorm
        ParallelLoop.ranges(count: n, threads: workers) { r in
            LlamaKernels.rmsNorm(final, weight: gain, epsilon: eps, n: d, rows: r, xhat: xhatF, y: hF, inverse: rmsF)
        }
        linear(acts.hF, rows: n, in: d, w + p.head, out: c.vocabularySize, into: acts.logits)
    }
}
