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
public enum Verdict {
    public static func words(moments: MomentSummary, normality: NormalityTests?, iid: IIDChecks?) -> String {
        var tags: [String] = []
        let k = moments.excessKurtosis.value, s = moments.skewness.value
        if moments.zeroFraction > 0.05 { tags.append("sparse") }
        let farOut = Swift.max(Swift.abs(moments.max - moments.mean.value), Swift.abs(moments.min - moments.mean.value)) > 6 * moments.std.value
        if moments.tail3Sigma > 3 * MomentSummary.normalTail3Sigma && farOut { tags.append("outlier-heavy") }
        if k > 0.5 { tags.append("sharp") }
        if k < -0.3 { tags.append("flat/truncated") }
        if let iid, Swift.max(iid.rowVarianceRatio, iid.columnVarianceRatio) > 3 { tags.append("non-identical") }
        if tags.isEmpty {
            let w1 = normality?.wasserstein1 ?? 0
            tags.append(Swift.abs(k) < 0.1 && Swift.abs(s) < 0.1 && w1 < 0.02 ? "gaussian" : "near-gaussian")
        }
        return tags.joined(separator: ", ")
    }
}
