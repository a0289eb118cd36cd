/// A statement about the Monte Carlo results that the run checks, per case.
///
/// ```yaml
/// - name: kurtosis of ΔW follows 3 + 6/r
///   metric: excess_kurtosis        # a quantity the analyses produce
///   tensor: delta                  # regex on tensor names (default: every tensor)
///   statistic: mean                # mean | median | rejection_rate | fraction | spearman_depth
///   expect: {equals: "6/r", within_se: 4}
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
    /// Where the claim was written, for messages.
    public var line: Int

    public init(name: String, metric: String, tensor: String?, cases: String?, statistic: ClaimStatistic,
                expectation: Expectation, line: Int) {
        self.name = name
        self.metric = metric
        self.tensor = tensor
        self.cases = cases
        self.statistic = statistic
        self.expectation = expectation
        self.line = line
    }
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

    public var name: String {
        switch self {
        case .mean: return "mean"
        case .median: return "median"
        case .rejectionRate: return "rejection_rate"
        case .fraction: return "fraction"
        case .spearmanDepth: return "spearman_depth"
        }
    }
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
