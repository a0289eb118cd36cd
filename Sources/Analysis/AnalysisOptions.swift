/// Which parts of the analysis run (the costly ones can be switched off).
public struct AnalysisOptions: Sendable, Equatable {
    /// Goodness-of-fit tests (needs a sorted copy).
    public var normality = true
    /// Law fits with AIC/BIC, generalised-Gaussian β and the Weibull diagnostic.
    public var fits = true
    /// Marchenko–Pastur check of 2-D tensors.
    public var spectrum = true
    /// Row/column homogeneity and lag-1 correlation of 2-D tensors.
    public var iid = true
    /// The 3σ and small-value filters.
    public var filters = true
    /// WeightWatcher's per-layer metrics (ESD power-law fit, norms, ranks) of matrices and 4-D
    /// conv kernels (``HeavyTailReport``).
    public var heavyTail = true
    /// Resamples of the CSN bootstrap (p-value and CI of α); 0 switches it off. Each costs one
    /// full power-law fit (O(M²) for M eigenvalues).
    public var bootstrapResamples = 32
    /// Likelihood-ratio tests of the power-law tail against its alternatives.
    public var tailComparisons = true
    /// Correlation traps (the ESD of W with its entries permuted: one more Gram matrix).
    public var traps = true
    /// Root seed of the bootstrap and the permutation; each tensor's stream is derived from its
    /// name (``SpectralSeed``), so results do not depend on the order tensors are analysed in.
    public var spectralSeed: UInt64 = 0
    /// Largest Gram side, min(rows, columns), for which the spectrum and the heavy-tail metrics are
    /// computed (the Gram matrix is side², its cost O(side²·other side)): a 30522×384 embedding has
    /// Gram side 384. 4096 covers every matrix of a 7B–70B LLaMA-style model whose short side is
    /// its hidden size up to 4096 (the Gram matrix is 128 MB in double precision).
    public var maxSpectrumSide = 4096

    public init() {}

    /// True when nothing beyond the moments is asked for.
    public var isMomentsOnly: Bool { !normality && !fits && !spectrum && !iid && !filters && !heavyTail }

    /// Moments only: the fast scan of a whole checkpoint.
    public static var momentsOnly: AnalysisOptions {
        var o = AnalysisOptions()
        o.normality = false; o.fits = false; o.spectrum = false; o.iid = false; o.filters = false; o.heavyTail = false
        return o
    }
}
