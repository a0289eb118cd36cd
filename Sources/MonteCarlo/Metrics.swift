/// The numbers one replicate produced, in a stable order, each under its typed name.
///
/// Coded as `{"names": [description, …], "values": […]}` (the checkpoint line): names are text
/// only there, and a name that does not parse back is a decoding error.
public struct Metrics<Name: MetricName>: Sendable, Equatable, Codable {
    public var names: [Name]
    public var values: [Double]

    public init() {
        names = []
        values = []
    }

    public mutating func append(_ name: Name, _ value: Double) {
        names.append(name)
        values.append(value)
    }

    public var count: Int { names.count }

    private enum CodingKeys: String, CodingKey { case names, values }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        names = try c.decode([String].self, forKey: .names).map { text in
            guard let name = Name(text) else {
                throw DecodingError.dataCorruptedError(forKey: .names, in: c, debugDescription: "'\(text)' is not a metric name")
            }
            return name
        }
        values = try c.decode([Double].self, forKey: .values)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(names.map(\.description), forKey: .names)
        try c.encode(values, forKey: .values)
    }
}
