import Analysis

/// Which analyses a scenario runs on each tensor (the costly ones can be switched off).
public struct AnalysisSettings: Sendable, Equatable {
    /// Normality tests (KS, Anderson–Darling, Cramér–von Mises, Jarque–Bera); they sort a copy.
    public var normality: Bool = true
    /// Eigenvalues of W·Wᵀ/n against Marchenko–Pastur (2-D tensors only).
    public var spectrum: Bool = true
    /// Law fits and AIC/BIC comparison.
    public var fits: Bool = true
    /// Row/column homogeneity and lag-1 correlation (2-D tensors only).
    public var iid: Bool = true
    /// Statistics after the 3σ and small-value filters.
    public var filters: Bool = true
    /// Largest short side min(m, n) for which the spectra are computed (the Gram matrix is min(m, n)²).
    public var maxSpectrumSide: Int = AnalysisOptions().maxSpectrumSide

    public init() {}

    static let keys = ["normality", "spectrum", "fits", "iid", "filters", "max_spectrum_side"]
}
