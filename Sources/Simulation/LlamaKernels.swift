import Foundation

/// The row-wise pieces of a LLaMA block, forward and backward, on raw float32 rows of width `n`.
/// Every function handles rows `rows` of its buffers, so callers split rows over threads.
enum LlamaKernels {
    /// RMSNorm, as Hugging Face's `LlamaRMSNorm` (float32):
    ///
    /// ```
    /// r = 1/√(mean(x²) + ε),   x̂ = x·r,   y = w ⊙ x̂
    /// ```
    static func rmsNorm(_ x: SharedPointer<Float>, weight w: SharedPointer<Float>, epsilon: Float, n: Int, rows: Range<Int>,
                        xhat: SharedPointer<Float>, y: SharedPointer<Float>, inverse r: SharedPointer<Float>) {
        for i in rows {
            let row = x + i * n
            var s: Float = 0
            for j in 0..<n { s += row[j] * row[j] }
            let inv = 1 / (s / Float(n) + epsilon).squareRoot()
            r[i] = inv
            let xh = xhat + i * n, out = y + i * n
            for j in 0..<n {
                let v = row[j] * inv
                xh[j] = v
                out[j] = w[j] * v
            }
        }
    }

    /// RMSNorm backward: adds the input gradient to `dx` and returns nothing else; the gain gradient
    /// Σ_rows dy ⊙ x̂ is accumulated by the caller (a column sum, see ``columnSum``).
    ///
    /// ```
    /// g = dy ⊙ w,   dx += r·(g − x̂·mean(g ⊙ x̂))
    /// ```
    static func rmsNormBackward(_ dy: SharedPointer<Float>, weight w: SharedPointer<Float>, xhat: SharedPointer<Float>,
                                inverse r: SharedPointer<Float>, n: Int, rows: Range<Int>, dx: SharedPointer<Float>) {
        for i in rows {
            let g = dy + i * n, xh = xhat + i * n, out = dx + i * n
            var dot: Float = 0
            for j in 0..<n { dot += g[j] * w[j] * xh[j] }
            let mean = dot / Float(n), inv = r[i]
            for j in 0..<n { out[j] += inv * (g[j] * w[j] - xh[j] * mean) }
        }
    }

    /// Σ_rows a ⊙ b into `out` (n values, accumulated), columns split over `columns`.
    static func columnDotSum(_ a: SharedPointer<Float>, _ b: SharedPointer<Float>, rows: Int, n: Int,
                             columns: Range<Int>, into out: SharedPointer<Float>) {
        for j in columns {
            var s: Float = 0
            for i in 0..<rows { s += a[i * n + j] * b[i * n + j] }
            out[j] += s
        }
    }

    /// Rotary embedding in place on a row of `heads` heads of width `h`, Hugging Face's rotate_half form:
    ///
    /// ```
    /// y = x·cos + rotate_half(x)·sin,   rotate_half(x) = (−x₂, x₁)   (halves of each head)
    /// ```
    /// `cos`, `sin` hold h/2 values for the row's position (the two halves share them).
    static func rotate(_ x: SharedPointer<Float>, heads: Int, h: Int, cos: SharedPointer<Float>, sin: SharedPointer<Float>) {
        let half = h / 2
        for head in 0..<heads {
            let v = x + head * h
            for i in 0..<half {
                let a = v[i], b = v[i + half], c = cos[i], s = sin[i]
                v[i] = a * c - b * s
                v[i + half] = b * c + a * s
            }
        }
    }

    /// The transpose of ``rotate`` (the gradient of a rotation is the inverse rotation).
    static func rotateBackward(_ g: SharedPointer<Float>, heads: Int, h: Int, cos: SharedPointer<Float>, sin: SharedPointer<Float>) {
        let half = h / 2
        for head in 0..<heads {
            let v = g + head * h
            for i in 0..<half {
                let a = v[i], b = v[i + half], c = cos[i], s = sin[i]
                v[i] = a * c + b * s
                v[i + half] = b * c - a * s
            }
        }
    }

    /// SwiGLU's gate: act = silu(g) ⊙ u with silu(g) = g/(1 + e^(−g)), over `count` values from `start`.
    static func swiglu(gate g: SharedPointer<Float>, up u: SharedPointer<Float>, into act: SharedPointer<Float>, range: Range<Int>) {
        for i in range {
            let x = g[i]
            act[i] = x / (1 + Foundation.exp(-x)) * u[i]
        }
    }

    /// SwiGLU backward, overwriting `gate` with ∂g and `up` with ∂u:
    ///
    /// ```
    /// ∂u = da ⊙ silu(g),   ∂g = da ⊙ u ⊙ σ(g)·(1 + g·(1 − σ(g)))
    /// ```
    static func swigluBackward(_ da: SharedPointer<Float>, gate g: SharedPointer<Float>, up u: SharedPointer<Float>, range: Range<Int>) {
        for i in range {
            let x = g[i], sig = 1 / (1 + Foundation.exp(-x)), d = da[i]
            let dg = d * u[i] * sig * (1 + x * (1 - sig))
            u[i] = d * x * sig
            g[i] = dg
        }
    }

    /// Softmax cross-entropy of logits rows against targets, overwriting each row with ∂loss/∂logits
    /// scaled by `scale` (1/number of predicted tokens); writes −log p(target) of row i to `losses[i]`.
    /// Rows whose target is negative are not predicted: their gradient is 0.
    ///
    /// ```
    /// p = softmax(z),   ℓ = −log p_t = logsumexp(z) − z_t,   ∂ℓ/∂z = p − e_t
    /// ```
    static func crossEntropy(_ z: SharedPointer<Float>, targets: SharedPointer<Int32>, n: Int, rows: Range<Int>,
                             scale: Float, gradient: Bool, losses: SharedPointer<Double>) {
        for i in rows {
            losses[i] = 0
            let row = z + i * n
            let t = Int(targets[i])
            guard t >= 0 else {
                if gradient { for j in 0..<n { row[j] = 0 } }
                continue
            }
            var m = -Float.infinity
            for j in 0..<n { m = max(m, row[j]) }
            var s: Float = 0
            for j in 0..<n { s += Foundation.exp(row[j] - m) }
            let lse = m + Foundation.log(s)
            losses[i] = Double(lse - row[t])
            if gradient {
                for j in 0..<n { row[j] = Foundation.exp(row[j] - lse) * scale }
                row[t] -= scale
            }
        }
    }
}
