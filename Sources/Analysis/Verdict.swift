/// A tensor's shape in words, from effect sizes rather than p-values (which reject everything at
/// n ≈ 10⁶–10⁹).
///
/// ```
/// sparse          zero_fraction > 0.05
/// outlier-heavy   tail beyond 3σ > 3 × 0.27 % and some |x| > 6σ
/// sharp           excess kurtosis > 0.5 (leptokurtic)
/// flat/truncated  excess kurtosis < −0.3
/// non-identical   row or column variance ratio > 3 (only 2-D)
/// gaussian        none of the above, |excess kurtosis| < 0.1, |skewness| < 0.1, W₁ < 0.02σ
/// near-gaussian   none of the above otherwise
/// ```
///
/// The JSON form is the tags joined by ", " (e.g. `"sparse, sharp"`).
public struct Verdict: Sendable, Equatable, Codable, CustomStringConvertible {
    public var tags: [VerdictTag]

    public init(tags: [VerdictTag]) { self.tags = tags }

    public init(moments: MomentSummary, normality: NormalityTests?, iid: IIDChecks?) {
        var tags: [VerdictTag] = []
        let k = moments.excessKurtosis.value, s = moments.skewness.value
        if moments.zeroFraction > 0.05 { tags.append(.sparse) }
        let farOut = Swift.max(Swift.abs(moments.max - moments.mean.value), Swift.abs(moments.min - moments.mean.value)) > 6 * moments.std.value
        if moments.tail3Sigma > 3 * MomentSummary.normalTail3Sigma && farOut { tags.append(.outlierHeavy) }
        if k > 0.5 { tags.append(.sharp) }
        if k < -0.3 { tags.append(.flatTruncated) }
        if let iid, Swift.max(iid.rowVarianceRatio, iid.columnVarianceRatio) > 3 { tags.append(.nonIdentical) }
        if tags.isEmpty {
            let w1 = normality?.wasserstein1 ?? 0
            tags.append(Swift.abs(k) < 0.1 && Swift.abs(s) < 0.1 && w1 < 0.02 ? .gaussian : .nearGaussian)
        }
        self.tags = tags
    }

    /// The tags joined by ", ".
    public var description: String { tags.map(\.rawValue).joined(separator: ", ") }

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        let text = try c.decode(String.self)
        var tags: [VerdictTag] = []
        for word in text.split(separator: ",") {
            let w = String(word.drop { $0 == " " })
            guard let tag = VerdictTag(rawValue: w) else {
                throw DecodingError.dataCorruptedError(in: c, debugDescription: "unknown verdict tag '\(w)'")
            }
            tags.append(tag)
        }
        self.tags = tags
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}
