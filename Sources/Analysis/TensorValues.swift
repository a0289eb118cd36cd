/// A tensor's values as the analysis reads them: F64 stays in double precision, every other
/// dtype is widened to Float.
public enum TensorValues: Sendable {
    case single([Float])
    case double([Double])

    /// The values as Float (F64 rounded to nearest).
    public var floats: [Float] {
        switch self {
        case let .single(v): return v
        case let .double(v): return v.map(Float.init)
        }
    }

    /// Number of values.
    public var count: Int {
        switch self {
        case let .single(v): return v.count
        case let .double(v): return v.count
        }
    }
}
