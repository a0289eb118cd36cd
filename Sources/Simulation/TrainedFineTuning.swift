import Distributions
import Foundation
import GSLKit
import Sampling

/// Fine-tuning by actual training: a student network initialised from "pre-trained" weights is
/// trained on a regression task whose teacher has weights drawn from a law (W* in the scenarios),
/// and the transformation weights ΔW_l = W_l − P_l are recorded per layer. Nothing about ΔW is
/// assumed: whether it comes out Gaussian, and whether its σ grows with depth, is measured.
///
/// ```
/// teacher  T_l ~ law, rescaled to std g/√d_l   (g = √2 for ReLU nets, 1 for linear ones)
/// student  P_l = T_l + N(0, (ν·g/√d_l)²)       (ν = pretrained_noise: how far pre-training left it)
/// data     x ~ N(0, I),  y = teacher(x) + N(0, s²)
/// full     train every W_l from P_l
/// LoRA     W_l = P_l + (α/r)·B_l·A_l, A_l ~ N(0, 1/d_l), B_l = 0; train A and B only
/// noise    W_l = P_l + s_l·N_l, N_l ~ N(0, 1/d_l) fixed, s_l = 0 at the start; train the scales
///          s_l only (∂s_l = Σ ∂W_l ⊙ N_l) — the Gaussian-noise adaptation of the claims
/// ```
public struct TrainedFineTuning: Sendable, Equatable {
    public var architecture: Architecture
    public var widths: [Int]
    public var teacher: ParsedLaw
    public var pretrainedNoise: Double
    public var optimizer: Optimizer
    public var steps: Int
    public var batchSize: Int
    public var weightDecay: Double
    public var loraRank: Int?
    public var loraAlpha: Double
    /// Train only per-layer scales of fixed Gaussian noise (exclusive with LoRA).
    public var noiseScales: Bool = false
    /// Steps (1 ≤ s < steps, increasing) after which ΔW and the losses are recorded as well.
    public var recordSteps: [Int] = []
    public var trainSize: Int
    public var testSize: Int
    public var labelNoise: Double

    /// - Throws: when a size or level is out of range, the teacher law has no finite positive std,
    ///   noise scales go with LoRA, or `recordSteps` does not increase strictly within [1, steps).
    public init(architecture: Architecture, widths: [Int], teacher: ParsedLaw, pretrainedNoise: Double, optimizer: Optimizer,
                steps: Int, batchSize: Int, weightDecay: Double = 0, loraRank: Int? = nil, loraAlpha: Double = 1, noiseScales: Bool = false,
                recordSteps: [Int] = [], trainSize: Int, testSize: Int, labelNoise: Double = 0) throws(SimulationError) {
        guard widths.count >= 2, widths.allSatisfy({ $0 >= 1 }) else { throw .invalidParameter("widths need at least two positive entries, got \(widths)") }
        guard steps >= 1, batchSize >= 1, trainSize >= batchSize, testSize >= 1 else {
            throw .invalidParameter("need steps ≥ 1, 1 ≤ batch ≤ train_size and test_size ≥ 1")
        }
        guard pretrainedNoise >= 0, weightDecay >= 0, labelNoise >= 0 else { throw .invalidParameter("noise levels and weight decay must be ≥ 0") }
        if let r = loraRank, r < 1 || r > widths.min()! {
            throw .invalidParameter("LoRA rank must be between 1 and the layer widths, got \(r)")
        }
        let sd = teacher.distribution.moments.std
        guard sd.isFinite, sd > 0 else { throw .invalidParameter("the teacher law \(teacher.distribution) has no finite positive std") }
        guard !(noiseScales && loraRank != nil) else { throw .invalidParameter("adapter: noise scales and LoRA exclude each other") }
        guard recordSteps.allSatisfy({ $0 >= 1 && $0 < steps }), zip(recordSteps, recordSteps.dropFirst()).allSatisfy({ $0 < $1 }) else {
            throw .invalidParameter("record_steps must increase strictly and lie in [1, steps), got \(recordSteps) with steps \(steps)")
        }
        self.architecture = architecture; self.widths = widths; self.teacher = teacher; self.pretrainedNoise = pretrainedNoise
        self.optimizer = optimizer; self.steps = steps; self.batchSize = batchSize; self.weightDecay = weightDecay
        self.loraRank = loraRank; self.loraAlpha = loraAlpha; self.noiseScales = noiseScales; self.recordSteps = recordSteps
        self.trainSize = trainSize; self.testSize = testSize; self.labelNoise = labelNoise
    }

    /// What the fine-tuning moves: noise scales, LoRA factors (with ``loraRank``) or every weight.
    public var adapter: AdapterKind { noiseScales ? .noise : loraRank == nil ? .full : .lora }

    /// What training produced.
    public struct Result: Sendable {
        public var pretrained: [[Float]]
        public var finetuned: [[Float]]
        public var teacher: [[Float]]
        public var trainLoss: (initial: Double, final: Double)
        public var testLoss: (initial: Double, final: Double)
        /// The step at which the loss stopped being finite, if it did.
        public var divergedAt: Int?
        /// The fitted per-layer noise scales (noise adaptation only).
        public var noiseScales: [Double]
        /// The weights and losses after each of `recordSteps` that training reached.
        public var snapshots: [Snapshot] = []
    }

    /// The state of training after one recorded step.
    public struct Snapshot: Sendable {
        public var step: Int
        public var weights: [[Float]]
        public var trainLoss: Double
        public var testLoss: Double
    }

    var gain: Double { architecture == .relu ? 2.0.squareRoot() : 1 }

    /// Trains from the streams under `seeds` (teacher, pretrained, data, batches, adapters).
    public func run(seeds: SeedTree) -> Result {
        let net = DenseNetwork(widths: widths, architecture: architecture)
        let sampler = TensorSampler(threads: 1)
        let unit = try! Gaussian(sigma: 1)
        let (teacherW, pre) = teacherAndPretrained(layers: net.layers, sampler: sampler, seeds: seeds)
        func data(_ n: Int, _ name: String) -> ([Double], [Double]) {
            let x = sampler.sample(Double.self, shape: [n, widths[0]], law: unit, seeds: seeds.child(name).child("x"))
            var y = net.forward(x, batch: n, weights: teacherW).h[net.layers]
            if labelNoise > 0 {
                let e = sampler.sample(Double.self, shape: [y.count], law: unit, seeds: seeds.child(name).child("noise"))
                for i in y.indices { y[i] += labelNoise * e[i] }
            }
            return (x, y)
        }
        let (xTrain, yTrain) = data(trainSize, "train")
        let (xTest, yTest) = data(testSize, "test")
        func evaluate(_ w: [[Double]]) -> (Double, Double) {
            (net.loss(net.forward(xTrain, batch: trainSize, weights: w).h[net.layers], yTrain, batch: trainSize),
             net.loss(net.forward(xTest, batch: testSize, weights: w).h[net.layers], yTest, batch: testSize))
        }
        let initial = evaluate(pre)
        let r = loraRank
        let start = initialParameters(pretrained: pre, sampler: sampler, seeds: seeds)
        var params = start.params
        let noise = start.noise
        func weights(_ p: [[Double]]) -> [[Double]] {
            if noiseScales {
                return (0..<net.layers).map { l in zip(pre[l], noise[l]).map { $0 + p[l][0] * $1 } }
            }
            guard let r else { return p }
            var w = pre
            let s = loraAlpha / Double(r)
            for l in 0..<net.layers {
                p[2 * l + 1].withUnsafeBufferPointer { bp in
                    p[2 * l].withUnsafeBufferPointer { ap in
                        w[l].withUnsafeMutableBufferPointer { wp in
                            LinearAlgebra.gemm(bp.baseAddress!, ap.baseAddress!, into: wp.baseAddress!, m: widths[l + 1], n: widths[l], k: r, alpha: s, beta: 1)
                        }
                    }
                }
            }
            return w
        }
        var m = params.map { [Double](repeating: 0, count: $0.count) }
        var v = m
        let engine = seeds.child("batches").engine()
        var order = Array(0..<trainSize)
        var cursor = trainSize
        var diverged: Int?
        var xb = [Double](repeating: 0, count: batchSize * widths[0]), yb = [Double](repeating: 0, count: batchSize * widths.last!)
        var snapshots: [Snapshot] = []
        let recorded = Set(recordSteps)
        for step in 1...steps {
            nextBatch(&xb, &yb, from: (xTrain, yTrain), order: &order, cursor: &cursor, engine: engine)
            let w = weights(params)
            let (loss, gw) = net.gradients(xb, yb, batch: batchSize, weights: w)
            guard loss.isFinite, loss < 1e12 else { diverged = step; break }
            let grads = noiseScales ? (0..<net.layers).map { l in [zip(gw[l], noise[l]).reduce(0) { $0 + $1.0 * $1.1 }] }
                : (r.map { lora(gw, params: params, rank: $0) } ?? gw)
            update(&params, momentum: &m, velocity: &v, gradients: grads, step: step)
            if recorded.contains(step) {
                let w = weights(params)
                let (train, test) = evaluate(w)
                snapshots.append(Snapshot(step: step, weights: w.map { $0.map(Float.init) }, trainLoss: train, testLoss: test))
            }
        }
        let final = weights(params)
        let finalLoss = diverged == nil ? evaluate(final) : (.nan, .nan)
        return Result(pretrained: pre.map { $0.map(Float.init) }, finetuned: final.map { $0.map(Float.init) },
                      teacher: teacherW.map { $0.map(Float.init) }, trainLoss: (initial.0, finalLoss.0), testLoss: (initial.1, finalLoss.1),
                      divergedAt: diverged, noiseScales: noiseScales ? params.map { $0[0] } : [], snapshots: snapshots)
    }

    /// The teacher's weights T_l (the law rescaled to std g/√d_l) and the pre-trained student's
    /// P_l = T_l + N(0, (ν·g/√d_l)²), layer by layer.
    func teacherAndPretrained(layers: Int, sampler: TensorSampler, seeds: SeedTree) -> (teacher: [[Double]], pretrained: [[Double]]) {
        let unit = try! Gaussian(sigma: 1)
        var teacherW: [[Double]] = [], pre: [[Double]] = []
        for l in 0..<layers {
            let din = widths[l], dout = widths[l + 1]
            let scale = gain / Double(din).squareRoot()
            let t = sampler.sample(Double.self, shape: [dout, din], law: teacher.distribution, seeds: seeds.child("teacher").child(l)).map { $0 * scale / teacher.distribution.moments.std }
            let e = sampler.sample(Double.self, shape: [dout, din], law: unit, seeds: seeds.child("pretrained").child(l))
            teacherW.append(t)
            pre.append(zip(t, e).map { $0 + pretrainedNoise * scale * $1 })
        }
        return (teacherW, pre)
    }

    /// The trainable parameters at the start — the weights, the LoRA factors A_l (r×d_l) and B_l
    /// (d_{l+1}×r), or one noise scale per layer — and the fixed noise N_l of the noise adaptation.
    func initialParameters(pretrained pre: [[Double]], sampler: TensorSampler, seeds: SeedTree) -> (params: [[Double]], noise: [[Double]]) {
        let unit = try! Gaussian(sigma: 1)
        let layers = widths.count - 1
        let noise: [[Double]] = noiseScales ? (0..<layers).map { l in
            sampler.sample(Double.self, shape: [widths[l + 1], widths[l]], law: unit, seeds: seeds.child("noise").child(l)).map { $0 / Double(widths[l]).squareRoot() }
        } : []
        if noiseScales { return ([[Double]](repeating: [0], count: layers), noise) }
        guard let r = loraRank else { return (pre, noise) }
        var params: [[Double]] = []
        for l in 0..<layers {
            params.append(sampler.sample(Double.self, shape: [r, widths[l]], law: unit, seeds: seeds.child("lora").child(l)).map { $0 / Double(widths[l]).squareRoot() })
            params.append([Double](repeating: 0, count: widths[l + 1] * r))
        }
        return (params, noise)
    }

    /// The next mini-batch into `xb`, `yb`: rows in the order of a fresh permutation each epoch
    /// (Fisher–Yates from the batch stream).
    func nextBatch(_ xb: inout [Double], _ yb: inout [Double], from data: (x: [Double], y: [Double]), order: inout [Int], cursor: inout Int,
                   engine: RandomEngine) {
        let din = widths[0], dout = widths.last!
        for b in 0..<batchSize {
            if cursor >= trainSize {
                for i in stride(from: trainSize - 1, to: 0, by: -1) { order.swapAt(i, Int(engine.uniformInt(UInt(i + 1)))) }
                cursor = 0
            }
            let row = order[cursor]
            cursor += 1
            for j in 0..<din { xb[b * din + j] = data.x[row * din + j] }
            for j in 0..<dout { yb[b * dout + j] = data.y[row * dout + j] }
        }
    }

    /// One optimizer step on every parameter (SGD with momentum and weight decay, or Adam with
    /// bias correction and decoupled weight decay).
    func update(_ params: inout [[Double]], momentum m: inout [[Double]], velocity v: inout [[Double]], gradients grads: [[Double]], step: Int) {
        for k in params.indices {
            for i in params[k].indices {
                var g = grads[k][i]
                switch optimizer {
                case let .sgd(lr, momentum):
                    g += weightDecay * params[k][i]
                    m[k][i] = momentum * m[k][i] + g
                    params[k][i] -= lr * m[k][i]
                case let .adam(lr, b1, b2, eps):
                    m[k][i] = b1 * m[k][i] + (1 - b1) * g
                    v[k][i] = b2 * v[k][i] + (1 - b2) * g * g
                    let mh = m[k][i] / (1 - pow(b1, Double(step))), vh = v[k][i] / (1 - pow(b2, Double(step)))
                    params[k][i] -= lr * (mh / (vh.squareRoot() + eps) + weightDecay * params[k][i])
                }
            }
        }
    }

    /// Gradients of the LoRA factors from the weight gradients: with W = P + s·B·A,
    /// ∂A = s·Bᵀ·∂W and ∂B = s·∂W·Aᵀ.
    func lora(_ gw: [[Double]], params: [[Double]], rank r: Int) -> [[Double]] {
        var out: [[Double]] = []
        let s = loraAlpha / Double(r)
        for l in 0..<(widths.count - 1) {
            let din = widths[l], dout = widths[l + 1]
            var da = [Double](repeating: 0, count: r * din), db = [Double](repeating: 0, count: dout * r)
            params[2 * l + 1].withUnsafeBufferPointer { bp in
                gw[l].withUnsafeBufferPointer { gp in
                    da.withUnsafeMutableBufferPointer { dp in
                        LinearAlgebra.gemm(bp.baseAddress!, transposeA: true, gp.baseAddress!, into: dp.baseAddress!, m: r, n: din, k: dout, alpha: s)
                    }
                }
            }
            gw[l].withUnsafeBufferPointer { gp in
                params[2 * l].withUnsafeBufferPointer { ap in
                    db.withUnsafeMutableBufferPointer { dp in
                        LinearAlgebra.gemm(gp.baseAddress!, ap.baseAddress!, transposeB: true, into: dp.baseAddress!, m: dout, n: r, k: din, alpha: s)
                    }
                }
            }
            out.append(da)
            out.append(db)
        }
        return out
    }
}
