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
    /// Largest matrix side for which the spectrum is computed (O(m²n) work).
    public var maxSpectrumSide = 2048

    public init() {}

    /// True when nothing beyond the moments is asked for.
    public var isMomentsOnly: Bool { !normality && !fits && !spectrum && !iid && !filters }

    /// Moments only: the fast scan of a whole checkpoint.
    public static var momentsOnly: AnalysisOptions {
        var o = AnalysisOptions()
        o.normality = false; o.fits = false; o.spectrum = false; o.iid = false; o.filters = false
        return o
    }
}
