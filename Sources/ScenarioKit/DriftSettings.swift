import Simulation

/// The `drift:` experiment as written.
public struct DriftSettings: Sendable, Equatable {
    public var layers: Int
    public var shape: [Int]
    public var pretrained: String
    public var sigma0: DepthSchedule
    public var delta: String
    public var sigmaDelta: DepthSchedule
}
