/// The forward pass's saved tensors for one batch shape (B sequences of length T, N = B·T rows),
/// reused from step to step. Owns its buffers (freed in deinit); one training loop uses one.
final class LlamaActivations {
    /// What one decoder block keeps for its backward pass.
    struct Block {
        var x: SharedPointer<Float>        // block input (residual stream), N × d
        var rms1: SharedPointer<Float>     // 1/rms of x, N
        var xhat1: SharedPointer<Float>    // x·r, N × d
        var h1: SharedPointer<Float>       // input_layernorm output, N × d
        var q: SharedPointer<Float>        // rotated queries, N × d
        var k: SharedPointer<Float>        // rotated keys, N × kv
        var v: SharedPointer<Float>        // values, N × kv
        var probs: SharedPointer<Float>    // attention probabilities, B × H × T × T
        var attn: SharedPointer<Float>     // heads' outputs before o_proj, N × d
        var mid: SharedPointer<Float>      // x + o_proj(attn), N × d
        var rms2: SharedPointer<Float>, xhat2: SharedPointer<Float>, h2: SharedPointer<Float>
        var gate: SharedPointer<Float>, up: SharedPointer<Float>, act: SharedPointer<Float>   // N × F
    }

    let batch: Int, length: Int
    var rows: Int { batch * length }
    private(set) var blocks: [Block] = []
    /// The last block's output, the final norm's pieces and the logits (N × V).
    let final: SharedPointer<Float>, rmsF: SharedPointer<Float>, xhatF: SharedPointer<Float>, hF: SharedPointer<Float>
    let logits: SharedPointer<Float>
    /// Backward scratch: two N × max(d, F) buffers and N × d, N × kv gradient buffers.
    let scratchA: SharedPointer<Float>, scratchB: SharedPointer<Float>, dx: SharedPointer<Float>
    let dq: SharedPointer<Float>, dk: SharedPointer<Float>, dv: SharedPointer<Float>
    private var owned: [UnsafeMutablePointer<Float>] = []

    init(config c: LlamaConfig, batch: Int, length: Int) {
        self.batch = batch
        self.length = length
        let n = batch * length, d = c.hiddenSize, kv = c.kvWidth, f = c.intermediateSize
        var owned: [UnsafeMutablePointer<Float>] = []
        func make(_ count: Int) -> SharedPointer<Float> {
            let p = UnsafeMutablePointer<Float>.allocate(capacity: max(1, count))
            p.initialize(repeating: 0, count: max(1, count))
            owned.append(p)
            return SharedPointer(p)
        }
        var blocks: [Block] = []
        for _ in 0..<c.layers {
            blocks.append(Block(x: make(n * d), rms1: make(n), xhat1: make(n * d), h1: make(n * d), q: make(n * d), k: make(n * kv),
                                v: make(n * kv), probs: make(batch * c.heads * length * length), attn: make(n * d), mid: make(n * d),
                                rms2: make(n), xhat2: make(n * d), h2: make(n * d), gate: make(n * f), up: make(n * f), act: make(n * f)))
        }
        final = make(n * d); rmsF = make(n); xhatF = make(n * d); hF = make(n * d)
        logits = make(n * c.vocabularySize)
        scratchA = make(n * max(d, f)); scratchB = make(n * max(d, f)); dx = make(n * d)
        dq = make(n * d); dk = make(n * kv); dv = make(n * kv)
        self.blocks = blocks
        self.owned = owned
    }

    deinit { for p in owned { p.deallocate() } }
}
