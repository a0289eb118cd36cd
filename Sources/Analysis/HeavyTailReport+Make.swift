import Foundation

extension HeavyTailReport {
    /// WeightWatcher's layer filter: fewer than 8 or more than 15000 eigenvalues, or a long side
    /// over 50000, and it skips the layer (its min_evals, max_evals, max_N defaults).
    public static let minEvals = 8, maxEvals = 15000, maxN = 50000

    /// Why WeightWatcher would skip this ESD, or nil.
    public static func skipReason(_ esd: EmpiricalSpectrum) -> String? {
        let count = esd.m * esd.receptiveField
        if count < minEvals { return "heavy-tail metrics skipped: \(count) eigenvalues < \(minEvals) (WeightWatcher's min_evals)" }
        if count > maxEvals { return "heavy-tail metrics skipped: \(count) eigenvalues > \(maxEvals) (WeightWatcher's max_evals)" }
        if esd.n > maxN { return "heavy-tail metrics skipped: long side \(esd.n) > \(maxN) (WeightWatcher's max_N)" }
        return nil
    }

    /// The metrics of one ESD; `lambdaPlus` is the Marchenko–Pastur edge on the ESD's scale when
    /// known. The bootstrap, comparisons and traps are added by the caller.
    public static func make(_ esd: EmpiricalSpectrum, lambdaPlus: Double? = nil) -> HeavyTailReport {
        let lambda = esd.eigenvalues
        let norm = lambda.reduce(0, +)
        let lmax = lambda.last ?? 0
        let sv = lambda.map { $0.squareRoot() }
        let tolerance = lmax.squareRoot() * Double(esd.n) * Double.ulpOfOne
        let rank = sv.filter { $0 > tolerance }.count
        var h = 0.0
        for l in lambda {
            let p = l / norm + 1e-10
            h -= p * Foundation.log(p)
        }
        let fit = PowerLawFit.fit(ascending: lambda)
        var r = HeavyTailReport(
            n: esd.n, m: esd.m, rf: esd.receptiveField, numEvals: lambda.count, status: fit == nil ? "failed" : "success",
            warning: fit.map { PowerLawFit.warning(alpha: $0.alpha) } ?? "",
            overTrained: fit.map { $0.alpha < PowerLawFit.overTrained } ?? false,
            underTrained: fit.map { $0.alpha > PowerLawFit.underTrained } ?? false,
            alpha: fit?.alpha, xmin: fit?.xmin, xmax: fit?.xmax, D: fit?.D, sigma: fit?.sigma, numPLSpikes: fit?.numPLSpikes,
            norm: norm, logNorm: Foundation.log10(norm), spectralNorm: lmax, logSpectralNorm: Foundation.log10(lmax),
            alphaWeighted: nil, logAlphaNorm: nil, stableRank: norm / lmax, matrixRank: rank, rankLoss: esd.rankLoss,
            weakRankLoss: lambda.filter { $0 < 1e-6 }.count, entropy: h / Foundation.log(Double(rank) + 1e-10),
            mpSoftrank: lambdaPlus.map { $0 / lmax }, svMax: lmax.squareRoot(), svMin: esd.svMin, lambdaMax: lmax,
            bootstrap: nil, comparisons: nil, traps: nil, eigenvalues: lambda)
        if let a = fit?.alpha {
            r.alphaWeighted = a * Foundation.log10(lmax)
            r.logAlphaNorm = Foundation.log10(lambda.reduce(0) { $0 + Foundation.pow($1, a) })
        }
        return r
    }
}
