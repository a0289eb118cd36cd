/// Why a statistic could not be computed.
public enum AnalysisError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Fewer usable (finite) values than the statistic needs, or no spread at all.
    case notEnoughData(n: Int, needed: Int)
    /// All finite values are equal: σ = 0.
    case constant(value: Double)
    /// Shapes that do not fit the operation (e.g. ΔW of tensors of different shapes).
    case shapeMismatch(String)

    public var description: String {
        switch self {
        case let .notEnoughData(n, needed): return "not enough data: \(n) finite values, at least \(needed) needed"
        case let .constant(value): return "not enough data: every value equals \(value) (σ = 0)"
        case let .shapeMismatch(why): return why
        }
    }
}
