/// One word of a tensor's ``Verdict``; the raw value is the word as reports print it.
public enum VerdictTag: String, Sendable, Codable, CaseIterable {
    case sparse
    case outlierHeavy = "outlier-heavy"
    case sharp
    case flatTruncated = "flat/truncated"
    case nonIdentical = "non-identical"
    case gaussian
    case nearGaussian = "near-gaussian"
}
