import Foundation
import GSLKit
import Sampling

/// One phase of training a ``LlamaModel`` (pretraining from its initialisation, or fine-tuning
/// through a ``FineTuneAdapter``) on mini-batches of fixed-length sequences.
///
/// ```
/// per step s = 0…S−1:  batch = next B sequences of a seeded shuffle (reshuffled every epoch)
///                      g = ∂loss/∂θ (clipped to ‖g‖ ≤ c when set);  θ ← optimiser(θ, g, η·f(s))
/// records at chosen steps: train (all training sequences) and held-out loss, and per matrix the
///   statistics of W (displacement ‖W − W_ref‖/‖W_ref‖) and of ΔW = W − W_ref,
///   W_ref the weights at the start of the phase
/// ```
/// Weight decay applies to matrices only (not the RMSNorm gains) unless `decayNorms`. A
/// non-finite loss or gradient stops training with ``SimulationError/diverged(step:what:)``; the
/// model is then left as it was before the phase.
public struct LlamaTraining: Sendable, Equatable {
    public var optimizer: LlamaOptimizer.Kind
    public var schedule: LearningRateSchedule
    public var steps: Int
    public var batchSize: Int
    public var clipNorm: Double?
    public var decayNorms: Bool
    /// Steps (1…steps) after which losses and statistics are recorded; the last step always is.
    public var recordSteps: [Int]
    /// Keep the full weights at each record (for checkpoints).
    public var keepWeights: Bool

    public init(optimizer: LlamaOptimizer.Kind, schedule: LearningRateSchedule = .constant, steps: Int, batchSize: Int,
                clipNorm: Double? = 1, decayNorms: Bool = false, recordSteps: [Int] = [], keepWeights: Bool = false) throws(SimulationError) {
        guard steps >= 1, batchSize >= 1 else { throw .invalidParameter("training: need steps ≥ 1 and batch ≥ 1") }
        if let c = clipNorm, !(c > 0) { throw .invalidParameter("training: clip norm must be > 0") }
        guard recordSteps.allSatisfy({ (1...steps).contains($0) }) else { throw .invalidParameter("training: record steps must lie in 1…\(steps)") }
        _ = try LlamaOptimizer(optimizer, count: 0)
        self.optimizer = optimizer; self.schedule = schedule; self.steps = steps; self.batchSize = batchSize
        self.clipNorm = clipNorm; self.decayNorms = decayNorms; self.recordSteps = recordSteps; self.keepWeights = keepWeights
    }

    /// The state after one recorded step.
    public struct Record: Sendable {
        public var step: Int
        public var trainLoss: Double
        public var heldOutLoss: Double
        /// Per matrix: W's statistics, displacement relative to the phase's start.
        public var weights: [WeightStatistics]
        /// Per matrix: the statistics of ΔW = W − W_start.
        public var deltas: [WeightStatistics]
        public var values: [Float]?
    }

    public struct Result: Sendable {
        public var initialTrainLoss: Double
        public var initialHeldOutLoss: Double
        /// The mini-batch loss of every step.
        public var batchLosses: [Double]
        public var records: [Record]
        /// The trained adapter values θ (LoRA factors, noise scales; the weights for full training).
        public var theta: [Float]
        public var final: Record { records.last! }
    }

    /// Mean loss over all sequences of `tokens` (chunks of `batchSize`).
    public func meanLoss(_ model: LlamaModel, tokens: [Int32], length: Int) throws(SimulationError) -> Double {
        let count = tokens.count / length
        var total = 0.0
        for start in stride(from: 0, to: count, by: batchSize) {
            let b = min(batchSize, count - start)
            total += Double(b) * (try model.loss(tokens: Array(tokens[(start * length)..<((start + b) * length)]), batch: b))
        }
        return total / Double(count)
    }

    func record(_ step: Int, model: LlamaModel, start: [Float], train: [Int32], heldOut: [Int32], length: Int) throws(SimulationError) -> Record {
        var weights: [WeightStatistics] = [], deltas: [WeightStatistics] = []
        let w = model.parameters.values
        for e in model.parameters.entries where !e.isNorm {
            let r = e.offset..<(e.offset + e.count)
            weights.append(WeightStatistics(name: e.name, values: w[r], reference: start[r]))
            deltas.append(WeightStatistics(name: e.name, values: zip(w[r], start[r]).map { $0 - $1 }[...]))
        }
        return Record(step: step, trainLoss: try meanLoss(model, tokens: train, length: length),
                      heldOutLoss: try meanLoss(model, tokens: heldOut, length: length), weights: weights, deltas: deltas,
                      values: keepWeights ? w : nil)
    }

    /// Trains `model` in place on `train` (sequences of `length`), evaluating on `heldOut`.
    public func run(_ model: inout LlamaModel, adapter: FineTuneAdapter? = nil, train: [Int32], heldOut: [Int32], length: Int,
                    seeds: SeedTree) throws(SimulationError) -> Result {
        let count = train.count / length
        guard length >= 2, train.count == count * length, count >= 1, heldOut.count % length == 0, !heldOut.isEmpty else {
            throw .shapeMismatch("training: token arrays must hold whole sequences of length \(length)")
        }
        let base = model.parameters.values
        let phase: FineTuneAdapter
        if let given = adapter { phase = given } else { phase = try FineTuneAdapter(mode: .full, parameters: model.parameters, seeds: seeds) }
        var theta = phase.initial(base: model.parameters, seeds: seeds.child("adapter"))
        var decay = [Bool](repeating: true, count: theta.count)
        if phase.mode == .full && !decayNorms {
            for e in model.parameters.entries where e.isNorm { for i in e.offset..<(e.offset + e.count) { decay[i] = false } }
        }
        var optimizer = try LlamaOptimizer(optimizer, count: theta.count)
        var working = model
        let initialTrain = try meanLoss(working, tokens: train, length: length)
        let initialHeld = try meanLoss(working, tokens: heldOut, length: length)
        let engine = seeds.child("batches").engine()
        var order: [Int] = [], cursor = 0, losses: [Double] = [], records: [Record] = []
        var workspace: LlamaActivations? = nil
        let b = min(batchSize, count)
        for step in 0..<steps {
            if cursor + b > order.count {
                order = Array(0..<count)
                for i in stride(from: count - 1, to: 0, by: -1) { order.swapAt(i, Int(engine.uniformInt(UInt(i + 1)))) }
                cursor = 0
            }
            var batch: [Int32] = []
            batch.reserveCapacity(b * length)
            for s in order[cursor..<(cursor + b)] { batch += train[(s * length)..<((s + 1) * length)] }
            cursor += b
            let (loss, dW) = try working.lossAndGradient(tokens: batch, batch: b, workspace: &workspace)
            var g = phase.pullback(dW, theta: theta)
            let norm = clipNorm.map { LlamaOptimizer.clip(&g, maxNorm: $0) } ?? 0
            guard loss.isFinite, norm.isFinite, !g.contains(where: { !$0.isFinite }) else {
                throw .diverged(step: step + 1, what: loss.isFinite ? "non-finite gradient" : "loss is \(loss)")
            }
            losses.append(loss)
            optimizer.step(&theta, gradient: g, factor: schedule.factor(at: step), decay: decay)
            working.parameters.values = phase.weights(base: base, theta: theta)
            if recordSteps.contains(step + 1) || step + 1 == steps {
                let r = try record(step + 1, model: working, start: base, train: train, heldOut: heldOut, length: length)
                guard r.trainLoss.isFinite, r.heldOutLoss.isFinite else { throw .diverged(step: step + 1, what: "evaluation loss is not finite") }
                records.append(r)
            }
        }
        guard !working.parameters.values.contains(where: { !$0.isFinite }) else { throw .diverged(step: steps, what: "non-finite weights") }
        model = working
        return Result(initialTrainLoss: initialTrain, initialHeldOutLoss: initialHeld, batchLosses: losses, records: records, theta: theta)
    }
}
