import Distributions
import Foundation
import GSLKit
import Sampling

/// Initial values for every tensor of a LLaMA: one ``InitScheme`` per module kind (`q_proj`,
/// `k_proj`, `v_proj`, `o_proj`, `gate_proj`, `up_proj`, `down_proj`, `embed_tokens`, `lm_head`,
/// and the norms `input_layernorm`, `post_attention_layernorm`, `norm`), a default for the
/// matrices, and constant 1 for the norm gains unless overridden.
///
/// Tensor `name` draws from the stream `seeds / name`, so its values do not depend on the other
/// tensors' schemes or on the thread count.
public struct LlamaInitializer: Sendable, Equatable {
    public var matrices: InitScheme
    public var byModule: [String: InitScheme]

    public init(matrices: InitScheme = .huggingFace, byModule: [String: InitScheme] = [:]) throws(SimulationError) {
        let kinds: Set<String> = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj", "embed_tokens",
                                  "lm_head", "input_layernorm", "post_attention_layernorm", "norm"]
        for (k, s) in byModule {
            guard kinds.contains(k) else { throw .invalidParameter("initialisation: unknown module kind '\(k)' (one of \(kinds.sorted()))") }
            try s.validate()
        }
        try matrices.validate()
        self.matrices = matrices
        self.byModule = byModule
    }

    /// The scheme of one tensor.
    public func scheme(for entry: LlamaParameters.Entry) -> InitScheme {
        byModule[LlamaParameters.moduleKind(entry.name)] ?? (entry.isNorm ? .constant(1) : matrices)
    }

    /// Fills every tensor of `parameters`.
    public func initialize(_ parameters: inout LlamaParameters, seeds: SeedTree, threads: Int = 1) {
        for e in parameters.entries {
            let s = scheme(for: e)
            let rows = e.shape[0], columns = e.shape.count > 1 ? e.shape[1] : 1
            parameters.values.withUnsafeMutableBufferPointer { all in
                let buffer = UnsafeMutableBufferPointer(rebasing: all[e.offset..<(e.offset + e.count)])
                Self.fill(buffer, rows: rows, columns: columns, scheme: s, seeds: seeds.child(e.name), threads: threads)
            }
        }
    }

    /// Fills a rows × columns tensor (row-major, out × in) with draws of `scheme`.
    public static func fill(_ buffer: UnsafeMutableBufferPointer<Float>, rows: Int, columns: Int, scheme: InitScheme,
                            seeds: SeedTree, threads: Int = 1) {
        let fanIn = Double(columns), fanOut = Double(rows)
        let engine = seeds.engine()
        func gaussian(_ sd: Double) { for i in buffer.indices { buffer[i] = Float(engine.gaussian(sd)) } }
        func uniform(_ a: Double, _ b: Double) { for i in buffer.indices { buffer[i] = Float(engine.flat(a, b)) } }
        switch scheme {
        case let .normal(sd): gaussian(sd)
        case let .truncatedNormal(sd, a, b):
            let law = try! TruncatedGaussian(mean: 0, sigma: sd, lower: a / sd, upper: b / sd)
            TensorSampler(threads: threads).fill(buffer, shape: [rows, columns], law: law, seeds: seeds)
        case let .kaimingUniform(a):
            let bound = (6 / ((1 + a * a) * fanIn)).squareRoot()
            uniform(-bound, bound)
        case let .kaimingNormal(a): gaussian((2 / ((1 + a * a) * fanIn)).squareRoot())
        case let .xavierUniform(g):
            let bound = g * (6 / (fanIn + fanOut)).squareRoot()
            uniform(-bound, bound)
        case let .xavierNormal(g): gaussian(g * (2 / (fanIn + fanOut)).squareRoot())
        case let .orthogonal(g): orthogonal(buffer, rows: rows, columns: columns, gain: g, engine: engine)
        case let .uniform(a, b): uniform(a, b)
        case let .sparse(s, sd):
            gaussian(sd)
            let zeros = Int((s * fanOut).rounded(.up))
            var order = Array(0..<rows)
            for j in 0..<columns {
                for k in 0..<min(zeros, rows) {
                    let pick = k + Int(engine.uniformInt(UInt(rows - k)))
                    order.swapAt(k, pick)
                    buffer[order[k] * columns + j] = 0
                }
            }
        case let .constant(c): buffer.update(repeating: Float(c))
        case let .law(law): TensorSampler(threads: threads).fill(buffer, shape: [rows, columns], law: law.distribution, seeds: seeds)
        }
    }

    /// g·Q with Q the orthonormal factor of a Gaussian matrix (taller orientation, R's diagonal
    /// positive, as torch.nn.init.orthogonal_): modified Gram–Schmidt, run twice for orthogonality
    /// to rounding. Rows are orthonormal when rows ≤ columns, columns otherwise.
    static func orthogonal(_ buffer: UnsafeMutableBufferPointer<Float>, rows: Int, columns: Int, gain: Double, engine: RandomEngine) {
        let tall = rows >= columns
        let m = tall ? rows : columns, n = tall ? columns : rows     // the m × n (m ≥ n) matrix whose columns are orthonormalised
        var a = [Double](repeating: 0, count: m * n)                 // column-major: column j at j·m
        for i in 0..<(rows * columns) {
            let r = i / columns, c = i % columns
            a[tall ? c * m + r : r * m + c] = engine.gaussian()
        }
        for j in 0..<n {
            for _ in 0..<2 {
                for k in 0..<j {
                    var dot = 0.0
                    for i in 0..<m { dot += a[k * m + i] * a[j * m + i] }
                    for i in 0..<m { a[j * m + i] -= dot * a[k * m + i] }
                }
            }
            var norm = 0.0
            for i in 0..<m { norm += a[j * m + i] * a[j * m + i] }
            let inv = 1 / norm.squareRoot()
            for i in 0..<m { a[j * m + i] *= inv }
        }
        for i in 0..<(rows * columns) {
            let r = i / columns, c = i % columns
            buffer[i] = Float(gain * a[tall ? c * m + r : r * m + c])
        }
    }
}
