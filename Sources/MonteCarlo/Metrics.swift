/// The numbers one replicate produced, in a stable order.
public struct Metrics: Sendable, Equatable, Codable {
    public var names: [String]
    public var values: [Double]

    public init() {
        names = []
        values = []
    }

    public mutating func append(_ name: String, _ value: Double) {
        names.append(name)
        values.append(value)
    }

    public var count: Int { names.count }
}
