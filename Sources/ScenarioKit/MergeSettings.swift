/// The `merge:` experiment as written.
public struct MergeSettings: Sendable, Equatable {
    public var shape: [Int]
    public var optimum: String
    public var tasks: Int
    public var taskSigma: Double
    public var baseShrink: Double
    public var baseSigma: Double
    public var trim: Double
    public var amplifyQuantile: Double
    public var gamma: Double
}
