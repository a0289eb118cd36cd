import Foundation

/// Linear warm-up then cosine decay, as transformers' `get_cosine_schedule_with_warmup`
/// (0-based step s, the factor multiplies the base learning rate):
///
/// ```
/// s < W:   f = s / max(1, W)
/// else:    p = (s − W) / max(1, S − W),   f = m + (1 − m)·max(0, ½(1 + cos(π·p)))
/// ```
/// with W warm-up steps, S total steps and m the floor ratio (0 in transformers). W = 0 and
/// S = 0 give a constant factor 1.
public struct LearningRateSchedule: Sendable, Equatable, Codable {
    public var warmupSteps: Int
    public var totalSteps: Int
    public var minimumRatio: Double

    public init(warmupSteps: Int = 0, totalSteps: Int = 0, minimumRatio: Double = 0) throws(SimulationError) {
        guard warmupSteps >= 0, totalSteps >= 0, minimumRatio >= 0, minimumRatio <= 1 else {
            throw .invalidSchedule("need warmup ≥ 0, total steps ≥ 0 and 0 ≤ minimum ratio ≤ 1")
        }
        self.warmupSteps = warmupSteps
        self.totalSteps = totalSteps
        self.minimumRatio = minimumRatio
    }

    /// The constant schedule (factor 1 at every step).
    public static let constant = try! LearningRateSchedule()

    /// The learning-rate factor at 0-based step `step`.
    public func factor(at step: Int) -> Double {
        if step < warmupSteps { return Double(step) / Double(max(1, warmupSteps)) }
        guard totalSteps > 0 else { return 1 }
        let progress = Double(step - warmupSteps) / Double(max(1, totalSteps - warmupSteps))
        return minimumRatio + (1 - minimumRatio) * max(0, 0.5 * (1 + cos(Double.pi * progress)))
    }
}
