import Distributions
import Sampling
import TensorIO

/// Fine-tuning as noise: W_l = s(l)·W0_l + ΔW_l, independent, with the std of each part set per
/// layer by a depth schedule (s = 1 unless a multiplicative scaling schedule is given).
///
/// ```
/// W0_l ~ pretrained law rescaled to std σ0(l)·m;   ΔW_l ~ delta law rescaled to std σΔ(l)·m
///        (m: the multiplier of the matrix's module kind, 1 by default)
/// low-rank ΔW (deltaRank r(l)): ΔW_l = c·B·A, B (rows×r), A (r×columns) i.i.d. from the delta law,
///        c = σΔ(l)·m/(√r·σδ²) so that E[ΔW²] = (σΔ(l)·m)² for a zero-mean delta law
/// Var W_l = s²σ0(l)² + σΔ(l)²
/// excess kurtosis of W_l = (κ0·σ0⁴ + κΔ·σΔ⁴)/(σ0² + σΔ²)²
/// ```
public struct AdditiveDrift: Sendable, Equatable {
    public var layers: Int
    public var shape: [Int]
    public var pretrained: ParsedLaw
    public var sigma0: DepthSchedule
    public var delta: ParsedLaw
    public var sigmaDelta: DepthSchedule
    /// Multiplicative scaling s(l) of the pre-trained weights.
    public var scale: DepthSchedule = .constant(1)
    /// The matrices: `layers` of `shape` named layers.{l}, or a model preset's.
    public var matrices: [LayerSpec]
    /// σ multipliers by module kind (q, k, v, o, up, down, gate, embedding…).
    public var moduleMultipliers: [ModuleKind: Double] = [:]
    /// The rank of ΔW by depth (rounded to an integer), or nil for a full-rank ΔW of i.i.d. entries.
    public private(set) var deltaRank: DepthSchedule?

    public init(layers: Int, shape: [Int], pretrained: ParsedLaw, sigma0: DepthSchedule,
                delta: ParsedLaw, sigmaDelta: DepthSchedule) throws(SimulationError) {
        guard layers >= 1 else { throw .invalidParameter("layers must be at least 1, got \(layers)") }
        guard shape.count == 2, shape.allSatisfy({ $0 >= 1 }) else { throw .invalidParameter("shape must be rows×columns, got \(shape)") }
        for law in [pretrained.distribution, delta.distribution] {
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
        matrices = (0..<layers).map { LayerSpec(name: "layers.\($0)", shape: shape, depth: $0, module: .other) }
    }

    /// Drift over a model's matrices (a preset), with σ schedules over its layer count.
    public init(model: [LayerSpec], pretrained: ParsedLaw, sigma0: DepthSchedule, delta: ParsedLaw,
                sigmaDelta: DepthSchedule, scale: DepthSchedule = .constant(1), moduleMultipliers: [ModuleKind: Double] = [:]) throws(SimulationError) {
        guard let first = model.first else { throw .invalidParameter("the model has no matrices") }
        let layers = (model.map(\.depth).max() ?? 0) + 1
        try self.init(layers: layers, shape: first.shape, pretrained: pretrained, sigma0: sigma0, delta: delta, sigmaDelta: sigmaDelta)
        try scale.validate(layers: layers, positive: true)
        for (k, v) in moduleMultipliers where !(v > 0 && v.isFinite) { throw .invalidParameter("multiplier of \(k) must be > 0, got \(v)") }
        self.scale = scale
        self.matrices = model
        self.moduleMultipliers = moduleMultipliers
    }

    /// The rank of ΔW at depth `l`, or nil for full rank.
    public func rank(depth l: Int) -> Int? {
        deltaRank.map { Int($0.value(depth: l, layers: layers).rounded()) }
    }

    /// Sets a low-rank ΔW: every matrix's rank must lie in [1, min(rows, columns)].
    public mutating func setDeltaRank(_ schedule: DepthSchedule) throws(SimulationError) {
        try schedule.validate(layers: layers, positive: true)
        deltaRank = schedule
        for spec in matrices {
            let r = rank(depth: spec.depth)!
            guard r >= 1, r <= spec.shape.min()! else {
                deltaRank = nil
                throw .invalidParameter("delta_rank at depth \(spec.depth) is \(r); \(spec.name) (\(spec.shape[0])×\(spec.shape[1])) needs a rank in [1, \(spec.shape.min()!)]")
            }
        }
    }

    /// One matrix's tensors.
    public struct Layer: Sendable {
        public var name: String
        public var shape: [Int]
        public var depth: Int
        public var pretrained: [Float]
        public var delta: [Float]
        public var fineTuned: [Float]
        public var sigma0: Double
        public var sigmaDelta: Double
        public var scale: Double
    }

    /// Draws matrix `k` of ``matrices`` from `seeds / "layers" / k` (for the plain layer list, k is
    /// the layer index). With `given` pre-trained values (a checkpoint's matrix, of the spec's
    /// shape) only ΔW is drawn, and σ0 is the given matrix's std.
    public func layer(_ k: Int, seeds: SeedTree, sampler: TensorSampler, pretrained given: [Float]? = nil) -> Layer {
        let spec = matrices[k]
        let l = spec.depth
        let m = moduleMultipliers[spec.module] ?? 1
        var s0 = m * sigma0.value(depth: l, layers: layers)
        let sd = m * sigmaDelta.value(depth: l, layers: layers)
        let s = scale.value(depth: l, layers: layers)
        let node = seeds.child("layers").child(k)
        var w0: [Float]
        if let given {
            w0 = given
            let n = Double(w0.count), mean = w0.reduce(0.0) { $0 + Double($1) } / n
            s0 = (w0.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / n).squareRoot()
        } else {
            w0 = sampler.sample(Float.self, shape: spec.shape, law: pretrained.distribution, seeds: node.child("pretrained"))
            let a = Float(s0 / pretrained.distribution.moments.std)
            for i in w0.indices { w0[i] *= a }
        }
        var dw: [Float]
        let sdDelta = delta.distribution.moments.std
        if let r = rank(depth: l) {
            // c·B·A with c = σΔ/(√r·σδ²): setDeltaRank validated the rank, init the law, so neither throws.
            let update = try! LowRankUpdate(rank: r, alpha: Double(r).squareRoot() * sd / (sdDelta * sdDelta), lawA: delta, lawB: delta)
            dw = try! update.delta(rows: spec.shape[0], columns: spec.shape[1], seeds: node.child("delta"), sampler: sampler)
        } else {
            dw = sampler.sample(Float.self, shape: spec.shape, law: delta.distribution, seeds: node.child("delta"))
            let b = Float(sd / sdDelta)
            for i in dw.indices { dw[i] *= b }
        }
        var ft = w0
        for i in ft.indices { ft[i] = Float(s) * ft[i] + dw[i] }
        return Layer(name: spec.name, shape: spec.shape, depth: l, pretrained: w0, delta: dw, fineTuned: ft, sigma0: s0, sigmaDelta: sd,
                     scale: s)
    }
}
