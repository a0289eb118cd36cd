import GSLKit

/// A chain of bias-free dense layers in double precision with forward and backward passes through
/// BLAS (dgemm). Layer l maps width d_l to d_{l+1} with a row-major d_{l+1}×d_l matrix W_l.
///
/// ```
/// H₀ = X (B×d₀);  Z_l = H_{l−1}·W_lᵀ;  H_l = relu(Z_l) (hidden layers of a ReLU net) or Z_l
/// loss = ‖Z_L − Y‖²/(2B)
/// G_L = (Z_L − Y)/B;  ∂W_l = G_lᵀ·H_{l−1};  G_{l−1} = (G_l·W_l) ⊙ relu′(Z_{l−1})
/// ```
struct DenseNetwork {
    let widths: [Int]
    let architecture: Architecture

    var layers: Int { widths.count - 1 }

    /// Activations of a forward pass: H₀…H_L (H_L is the output) and the pre-activations Z.
    func forward(_ x: [Double], batch: Int, weights: [[Double]]) -> (h: [[Double]], z: [[Double]]) {
        var h: [[Double]] = [x]
        var z: [[Double]] = [[]]
        for l in 0..<layers {
            let din = widths[l], dout = widths[l + 1]
            var out = [Double](repeating: 0, count: batch * dout)
            h[l].withUnsafeBufferPointer { hp in
                weights[l].withUnsafeBufferPointer { wp in
                    out.withUnsafeMutableBufferPointer { op in
                        LinearAlgebra.gemm(hp.baseAddress!, wp.baseAddress!, transposeB: true, into: op.baseAddress!, m: batch, n: dout, k: din)
                    }
                }
            }
            z.append(out)
            if architecture == .relu && l < layers - 1 { out = out.map { max($0, 0) } }
            h.append(out)
        }
        return (h, z)
    }

    /// ½‖out − y‖²/B.
    func loss(_ out: [Double], _ y: [Double], batch: Int) -> Double {
        var s = 0.0
        for i in out.indices { let d = out[i] - y[i]; s += d * d }
        return s / (2 * Double(batch))
    }

    /// Loss and the gradient with respect to every W_l.
    func gradients(_ x: [Double], _ y: [Double], batch: Int, weights: [[Double]]) -> (Double, [[Double]]) {
        let (h, z) = forward(x, batch: batch, weights: weights)
        let out = h[layers]
        var g = [Double](repeating: 0, count: out.count)
        for i in out.indices { g[i] = (out[i] - y[i]) / Double(batch) }
        var grads = [[Double]](repeating: [], count: layers)
        for l in stride(from: layers - 1, through: 0, by: -1) {
            let din = widths[l], dout = widths[l + 1]
            var dw = [Double](repeating: 0, count: dout * din)
            g.withUnsafeBufferPointer { gp in
                h[l].withUnsafeBufferPointer { hp in
                    dw.withUnsafeMutableBufferPointer { dp in
                        LinearAlgebra.gemm(gp.baseAddress!, transposeA: true, hp.baseAddress!, into: dp.baseAddress!, m: dout, n: din, k: batch)
                    }
                }
            }
            grads[l] = dw
            if l > 0 {
                var prev = [Double](repeating: 0, count: batch * din)
                g.withUnsafeBufferPointer { gp in
                    weights[l].withUnsafeBufferPointer { wp in
                        prev.withUnsafeMutableBufferPointer { pp in
                            LinearAlgebra.gemm(gp.baseAddress!, wp.baseAddress!, into: pp.baseAddress!, m: batch, n: din, k: dout)
                        }
                    }
                }
                if architecture == .relu { for i in prev.indices where z[l][i] <= 0 { prev[i] = 0 } }
                g = prev
            }
        }
        return (loss(out, y, batch: batch), grads)
    }
}
