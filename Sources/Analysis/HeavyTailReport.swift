/// WeightWatcher's per-layer metrics of one matrix or pooled conv kernel, and WeightLab's
/// additions (the `heavy_tail` key of a tensor report). λ are the ESD's eigenvalues of WᵀW, not
/// divided by N (``EmpiricalSpectrum``); the fit is ``PowerLawFit``.
///
/// ```
/// norm = ‖W‖²_F = Σλ;   log_norm = log10 norm;   spectral_norm = lambda_max = λmax
/// log_spectral_norm = log10 λmax;   stable_rank = norm/λmax
/// alpha_weighted (α̂) = α·log10 λmax;   log_alpha_norm = log10 Σ λ^α
/// sv_max = √λmax;  sv_min, rank_loss: see EmpiricalSpectrum
/// matrix_rank = #{√λ > √λmax·N·ε};  weak_rank_loss = #{λ < 10⁻⁶}
/// entropy = −Σ pᵢ ln pᵢ / ln(matrix_rank + 10⁻¹⁰),  pᵢ = λᵢ/Σλ + 10⁻¹⁰
/// mp_softrank = λ₊/λmax with λ₊ = N·(the Marchenko–Pastur edge of SpectrumCheck): WeightLab's
///   MP fit, not WeightWatcher's KDE fit (present only when the MP check ran)
/// status "success"/"failed"; warning "over-trained" (α < 2) / "under-trained" (α > 6) / ""
/// ```
/// When the fit fails, α and the values built on it are absent (WeightWatcher writes −1 and then
/// "over-trained"; that word is not repeated here).
public struct HeavyTailReport: Sendable, Codable, Equatable {
    public var n: Int
    public var m: Int
    public var rf: Int
    public var numEvals: Int
    public var status: String
    public var warning: String
    public var overTrained: Bool
    public var underTrained: Bool
    public var alpha: Double?
    public var xmin: Double?
    public var xmax: Double?
    public var D: Double?
    public var sigma: Double?
    public var numPLSpikes: Int?
    public var norm: Double
    public var logNorm: Double
    public var spectralNorm: Double
    public var logSpectralNorm: Double
    public var alphaWeighted: Double?
    public var logAlphaNorm: Double?
    public var stableRank: Double
    public var matrixRank: Int
    public var rankLoss: Int
    public var weakRankLoss: Int
    public var entropy: Double
    public var mpSoftrank: Double?
    public var svMax: Double
    public var svMin: Double
    public var lambdaMax: Double
    /// Beyond WeightWatcher: CSN goodness of fit and a CI for α by a seeded bootstrap.
    public var bootstrap: PowerLawBootstrap?
    /// Beyond WeightWatcher: likelihood-ratio tests of the power-law tail against alternatives.
    public var comparisons: TailComparisons?
    /// Correlation traps: the ESD of W with its entries permuted.
    public var traps: CorrelationTraps?
    /// The ESD, ascending (kept for figures; not in JSON).
    public var eigenvalues: [Double] = []

    enum CodingKeys: String, CodingKey {
        case n, m, rf, status, warning, alpha, xmin, xmax, D, sigma, norm, entropy, bootstrap, comparisons, traps
        case numEvals = "num_evals"
        case overTrained = "over_trained"
        case underTrained = "under_trained"
        case numPLSpikes = "num_pl_spikes"
        case logNorm = "log_norm"
        case spectralNorm = "spectral_norm"
        case logSpectralNorm = "log_spectral_norm"
        case alphaWeighted = "alpha_weighted"
        case logAlphaNorm = "log_alpha_norm"
        case stableRank = "stable_rank"
        case matrixRank = "matrix_rank"
        case rankLoss = "rank_loss"
        case weakRankLoss = "weak_rank_loss"
        case mpSoftrank = "mp_softrank"
        case svMax = "sv_max"
        case svMin = "sv_min"
        case lambdaMax = "lambda_max"
    }
}
