/// Averages across tensors grouped by depth or by module kind: how std, kurtosis, β and the
/// Weibull k change with depth.
public struct GroupSummary: Sendable, Codable, Equatable {
    public var group: String
    public var tensors: Int
    public var values: Int
    public var meanStd: Double
    public var meanExcessKurtosis: Double
    public var meanGennormBeta: Double?
    public var meanWeibullK: Double?

    enum CodingKeys: String, CodingKey {
        case group, tensors, values
        case meanStd = "mean_std"
        case meanExcessKurtosis = "mean_excess_kurtosis"
        case meanGennormBeta = "mean_gennorm_beta"
        case meanWeibullK = "mean_weibull_k"
    }

    /// One summary per key, in first-seen order (depths ascending).
    public static func group(_ reports: [TensorReport], by key: (TensorReport) -> String?) -> [GroupSummary] {
        var order: [String] = []
        var buckets: [String: [TensorReport]] = [:]
        for r in reports {
            guard let k = key(r) else { continue }
            if buckets[k] == nil { order.append(k) }
            buckets[k, default: []].append(r)
        }
        func mean(_ xs: [Double]) -> Double? { xs.isEmpty ? nil : xs.reduce(0, +) / Double(xs.count) }
        return order.map { k in
            let rs = buckets[k]!
            return GroupSummary(group: k, tensors: rs.count, values: rs.reduce(0) { $0 + $1.count },
                                meanStd: mean(rs.map(\.std))!, meanExcessKurtosis: mean(rs.map(\.excessKurtosis))!,
                                meanGennormBeta: mean(rs.compactMap(\.gennormBeta)), meanWeibullK: mean(rs.compactMap(\.weibullK)))
        }
    }

    /// Grouped by layer index (tensors without one are left out), depth ascending.
    public static func byDepth(_ reports: [TensorReport]) -> [GroupSummary] {
        group(reports.filter { $0.depth != nil }.sorted { $0.depth! < $1.depth! }) { $0.depth.map(String.init) }
    }

    /// Grouped by module kind.
    public static func byModule(_ reports: [TensorReport]) -> [GroupSummary] { group(reports) { $0.module.rawValue } }
}
