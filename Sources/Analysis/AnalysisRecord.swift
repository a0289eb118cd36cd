/// What one step of an analysis run came to: a tensor's report, a tensor skipped with its reason
/// (an unsupported dtype, too few finite values, no spread), or a problem (a file or header error,
/// a base that does not match), as its error's text.
public enum AnalysisRecord: Sendable, Equatable {
    case report(TensorReport)
    case skipped(SkippedTensor)
    case problem(String)
}
