import Distributions
import Simulation

/// The `train:` experiment, its teacher law parsed once at load time.
public struct TrainSettings: Sendable, Equatable {
    public var architecture: Architecture
    public var widths: [Int]
    public var teacher: ScenarioLaw
    public var pretrainedNoise: Double
    public var optimizer: Optimizer
    public var steps: Int
    public var batch: Int
    public var weightDecay: Double
    public var loraRank: Int?
    public var loraAlpha: Double
    /// What the fine-tuning moves; `lora` goes with ``loraRank``.
    public var adapter: AdapterKind
    public var trainSize: Int
    public var testSize: Int
    public var labelNoise: Double
    /// Steps at which ΔW and the losses are recorded too (`record_steps`).
    public var recordSteps: [Int] = []

    func make() throws(SimulationError) -> TrainedFineTuning {
        guard !(adapter == .noise && loraRank != nil) else { throw .invalidParameter("adapter: noise scales and LoRA exclude each other") }
        var t = try TrainedFineTuning(architecture: architecture, widths: widths, teacher: teacher.distribution, pretrainedNoise: pretrainedNoise,
                                      optimizer: optimizer, steps: steps, batchSize: batch, weightDecay: weightDecay, loraRank: loraRank,
                                      loraAlpha: loraAlpha, trainSize: trainSize, testSize: testSize, labelNoise: labelNoise)
        t.noiseScales = adapter == .noise
        guard recordSteps.allSatisfy({ $0 >= 1 && $0 < steps }), zip(recordSteps, recordSteps.dropFirst()).allSatisfy({ $0 < $1 }) else {
            throw .invalidParameter("record_steps must increase strictly and lie in [1, steps), got \(recordSteps) with steps \(steps)")
        }
        t.recordSteps = recordSteps
        return t
    }
}
