/// The `merge:` experiment, its law parsed once at load time.
public struct MergeSettings: Sendable, Equatable {
    public var shape: [Int]
    public var optimum: ScenarioLaw
    public var tasks: Int
    public var taskSigma: Double
    public var baseShrink: Double
    public var baseSigma: Double
    public var trim: Double
    public var amplifyQuantile: Double
    public var gamma: Double
}
