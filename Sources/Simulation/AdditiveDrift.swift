import Distributions
import Sampling

/// Fine-tuning as noise: W_l = W0_l + ΔW_l, independent, with the std of each part set per layer by
/// a depth schedule.
///
/// ```
/// W0_l ~ pretrained law rescaled to std σ0(l);   ΔW_l ~ delta law rescaled to std σΔ(l)
/// Var W_l = σ0(l)² + σΔ(l)²
/// excess kurtosis of W_l = (κ0·σ0⁴ + κΔ·σΔ⁴)/(σ0² + σΔ²)²
/// ```
public struct AdditiveDrift: Sendable {
    public var layers: Int
    public var shape: [Int]
    public var pretrained: any Distribution
    public var sigma0: DepthSchedule
    public var delta: any Distribution
    public var sigmaDelta: DepthSchedule

    public init(layers: Int, shape: [Int], pretrained: any Distribution, sigma0: DepthSchedule,
                delta: any Distribution, sigmaDelta: DepthSchedule) throws(SimulationError) {
        guard layers >= 1 else { throw .invalidParameter("layers must be at least 1, got \(layers)") }
        guard shape.count == 2, shape.allSatisfy({ $0 >= 1 }) else { throw .invalidParameter("shape must be rows×columns, got \(shape)") }
        for law in [pretrained, delta] {
            let sd = law.moments.std
            guard sd.isFinite, sd > 0 else { throw .invalidParameter("\(law) has no finite positive std to rescale") }
        }
        try sigma0.validate(layers: layers, positive: true)
        try sigmaDelta.validate(layers: layers, positive: true)
        self.layers = layers
        self.shape = shape
        self.pretrained = pretrained
        self.sigma0 = sigma0
        self.delta = delta
        self.sigmaDelta = sigmaDelta
    }

    /// One layer's tensors.
    public struct Layer: Sendable {
        public var depth: Int
        public var pretrained: [Float]
        public var delta: [Float]
        public var fineTuned: [Float]
        public var sigma0: Double
        public var sigmaDelta: Double
    }

    /// Draws layer `l` from `seeds / "layers" / l`.
    public func layer(_ l: Int, seeds: SeedTree, sampler: TensorSampler) -> Layer {
        let s0 = sigma0.value(depth: l, layers: layers), sd = sigmaDelta.value(depth: l, layers: layers)
        let node = seeds.child("layers").child(l)
        var w0 = sampler.sample(shape: shape, law: pretrained, seeds: node.child("pretrained"))
        var dw = sampler.sample(shape: shape, law: delta, seeds: node.child("delta"))
        let a = Float(s0 / pretrained.moments.std), b = Float(sd / delta.moments.std)
        for i in w0.indices { w0[i] *= a }
        for i in dw.indices { dw[i] *= b }
        var ft = w0
        for i in ft.indices { ft[i] += dw[i] }
        return Layer(depth: l, pretrained: w0, delta: dw, fineTuned: ft, sigma0: s0, sigmaDelta: sd)
    }
}
