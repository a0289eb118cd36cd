/// A statement about the Monte Carlo results that the run checks, per case.
///
/// ```yaml
/// - name: kurtosis of ΔW follows 3 + 6/r
///   metric: excess_kurtosis        # a quantity the analyses produce
///   tensor: delta                  # regex on tensor names (default: every tensor)
///   statistic: mean                # mean | median | rejection_rate | fraction | spearman_depth | trend_detected
///   expect: {equals: "6/r", within_se: 4}
///   each_tensor: false             # mean/median: judge every matching tensor on its own
/// ```
public struct Claim: Sendable, Equatable {
    public var name: String
    /// The per-tensor quantity, a dotted key of the analysis report (`ks.p_value`, `std`, …) or an
    /// experiment quantity (`loss.test`, `merge.averaging.distance`, …).
    public var metric: String
    /// Regular expression selecting tensors by name; nil selects all.
    public var tensor: String?
    /// Regular expression selecting cases by label; nil selects all.
    public var cases: String?
    public var statistic: ClaimStatistic
    public var expectation: Expectation
    /// For mean and median: each matching tensor is reduced over replicates and judged on its
    /// own (the claim holds when it holds for every tensor; the worst one is reported).
    public var eachTensor: Bool
    /// Where the claim was written, for messages.
    public var line: Int
    /// The line of each key of the claim (`metric`, `tensor`, …), for messages.
    public var keyLines: [String: Int]

    public init(name: String, metric: String, tensor: String?, cases: String?, statistic: ClaimStatistic,
                expectation: Expectation, eachTensor: Bool = false, line: Int, keyLines: [String: Int] = [:]) {
        self.name = name
        self.metric = metric
        self.tensor = tensor
        self.cases = cases
        self.statistic = statistic
        self.expectation = expectation
        self.eachTensor = eachTensor
        self.line = line
        self.keyLines = keyLines
    }

    /// The line of `key` in the claim, or the claim's own line.
    public func line(of key: String) -> Int { keyLines[key] ?? line }
}

/// How a claim reduces the metric over replicates (and tensors).
public enum ClaimStatistic: Sendable, Equatable {
    /// The Monte Carlo mean over replicates (tensors averaged within a replicate), with its SE.
    case mean
    /// The median over replicates, with a bootstrap-free order-statistic CI.
    case median
    /// The fraction of (replicate, tensor) p-values below α, with exact binomial bands.
    case rejectionRate(alpha: Double)
    /// The fraction of (replicate, tensor) values that are non-zero (true).
    case fraction
    /// Spearman's ρ between depth and the per-layer mean of the metric, with its p-value.
    case spearmanDepth
    /// The fraction of replicates whose own Spearman test finds the metric growing with depth:
    /// ρ > 0 with two-sided p < α (the power of the trend test), with exact binomial bands.
    case trendDetected(alpha: Double)

    public var name: String {
        switch self {
        case .mean: return "mean"
        case .median: return "median"
        case .rejectionRate: return "rejection_rate"
        case .fraction: return "fraction"
        case .spearmanDepth: return "spearman_depth"
        case .trendDetected: return "trend_detected"
        }
    }

    static let names = ["mean", "median", "rejection_rate", "fraction", "spearman_depth", "trend_detected"]
}

/// What the reduced value must satisfy.
public enum Expectation: Sendable, Equatable {
    /// |value − expected| ≤ k standard errors (the claim's CI contains the expected value).
    case equals(Expression, withinSE: Double)
    /// A rejection rate inside the exact binomial band of Bin(N, α) at this confidence.
    case calibrated(confidence: Double)
    /// value ≥ bound.
    case atLeast(Expression)
    /// value ≤ bound.
    case atMost(Expression)
    /// No assertion: an open question. The value and its CI are reported with the sentence for
    /// the side of `threshold` the evidence falls on (or "inconclusive" when the CI straddles it).
    case evidence(threshold: Double, above: String, below: String)
}
