import Foundation

/// A tensor shape written as text, `4096x4096`, `768`, `12x64x64` (`×` and spaces around the
/// numbers accepted): the one parser behind `--shape`, a scenario's `shape:` and a mixture's
/// `block=64x64`. Each caller words the error for its own place (option, key or argument).
public enum ShapeText {
    /// Why a text is not a shape.
    public enum Problem: Error, Equatable, CustomStringConvertible {
        case empty
        /// Dimension `index` (1-based) is empty, as in `10xx10`.
        case emptyDimension(index: Int)
        case notAnInteger(index: Int, text: String)
        case notPositive(index: Int, value: Int)
        /// The product of the dimensions exceeds the caller's limit (or overflows).
        case tooLarge(limit: Int)
        case wrongRank(expected: Int, got: Int)

        public var description: String {
            switch self {
            case .empty: return "empty"
            case let .emptyDimension(i): return "dimension \(i) is empty"
            case let .notAnInteger(i, t): return "dimension \(i) '\(t)' is not an integer"
            case let .notPositive(i, v): return "dimension \(i) is \(v)"
            case let .tooLarge(limit): return "more than \(limit) values"
            case let .wrongRank(e, g): return "\(e) dimensions needed, got \(g)"
            }
        }
    }

    /// The dimensions of `text`: positive integers whose product is at most `maximumCount`, and
    /// exactly `rank` of them when a rank is given.
    public static func parse(_ text: String, maximumCount: Int = Int.max, rank: Int? = nil) throws(Problem) -> [Int] {
        let parts = text.lowercased().split(separator: "x", omittingEmptySubsequences: false)
            .flatMap { $0.split(separator: "×", omittingEmptySubsequences: false) }
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard !(parts.count == 1 && parts[0].isEmpty) else { throw .empty }
        var dims: [Int] = []
        for (i, p) in parts.enumerated() {
            guard !p.isEmpty else { throw .emptyDimension(index: i + 1) }
            guard let d = Int(p) else { throw .notAnInteger(index: i + 1, text: p) }
            guard d > 0 else { throw .notPositive(index: i + 1, value: d) }
            dims.append(d)
        }
        if let rank, dims.count != rank { throw .wrongRank(expected: rank, got: dims.count) }
        try check(dims, maximumCount: maximumCount)
        return dims
    }

    /// Throws ``Problem/tooLarge(limit:)`` when the product of `dims` exceeds `maximumCount`.
    public static func check(_ dims: [Int], maximumCount: Int) throws(Problem) {
        var total = 1
        for d in dims {
            let (product, overflow) = total.multipliedReportingOverflow(by: d)
            guard !overflow, product <= maximumCount else { throw .tooLarge(limit: maximumCount) }
            total = product
        }
    }
}
