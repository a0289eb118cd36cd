import Foundation

extension TensorAnalyzer {
    /// Which spectral analyses run on a tensor, and why the others did not.
    struct SpectralPlan {
        var spectrum = false
        var heavyTail = false
        var notes: [String] = []

        /// `matrix`: a usable 2-D tensor of at least 2×4; `usable`: every value finite.
        init(shape: [Int], matrix: Bool, usable: Bool, options: AnalysisOptions) {
            let isMatrix = shape.count == 2, isKernel = shape.count == 4
            let side = isMatrix || isKernel ? Swift.min(shape[0], shape[1]) : 0
            let fits = side <= options.maxSpectrumSide
            spectrum = matrix && options.spectrum && fits
            if matrix && options.spectrum && !fits {
                notes.append("spectrum skipped: Gram side \(side) (the short side) > max_spectrum_side \(options.maxSpectrumSide)")
            }
            guard options.heavyTail, isMatrix || isKernel, shape.allSatisfy({ $0 >= 1 }) else { return }
            if !usable {
                notes.append("heavy-tail metrics skipped: they need the whole tensor, and non-finite values break it")
            } else if !fits {
                if !(isMatrix && options.spectrum) {
                    notes.append("heavy-tail metrics skipped: Gram side \(side) (the short side) > max_spectrum_side \(options.maxSpectrumSide)")
                }
            } else {
                heavyTail = true
            }
        }
    }

    /// WeightWatcher's metrics and WeightLab's additions for one matrix or conv kernel. The ESD
    /// reuses the Marchenko–Pastur eigenvalues when `spectrum` has them (one decomposition). The
    /// correlation traps are added by the caller, from the permuted matrix's ESD computed beside
    /// this (``permutedSpectrum(_:name:shape:plan:options:)``).
    static func heavyTail(_ x: UnsafeBufferPointer<Double>, name: String, shape: [Int], spectrum: SpectrumCheck?,
                          options: AnalysisOptions) throws(AnalysisError) -> (HeavyTailReport?, [String]) {
        let esd: EmpiricalSpectrum
        if let s = spectrum, s.eigenvalues.count == Swift.min(shape[0], shape[1]), shape.count == 2 {
            esd = EmpiricalSpectrum.fromMarchenkoPastur(s.eigenvalues, rows: shape[0], columns: shape[1])
        } else {
            esd = try EmpiricalSpectrum.compute(x, shape: shape)
        }
        if let why = HeavyTailReport.skipReason(esd) { return (nil, [why]) }
        let lambdaPlus = spectrum.flatMap { $0.mpSigma2 > 0 ? $0.lambdaPlus * Double(esd.n) : nil }
        var report = HeavyTailReport.make(esd, lambdaPlus: lambdaPlus)
        if let alpha = report.alpha, let xmin = report.xmin, let fit = Optional(PowerLawFit(
            alpha: alpha, xmin: xmin, xmax: report.xmax ?? 0, D: report.D ?? 1, sigma: report.sigma ?? 0,
            numPLSpikes: report.numPLSpikes ?? 0, smallSample: false)) {
            if options.bootstrapResamples > 0 {
                report.bootstrap = PowerLawBootstrap.run(ascending: esd.eigenvalues, fit: fit, resamples: options.bootstrapResamples,
                                                         seed: SpectralSeed.seed(root: options.spectralSeed, path: [name, "bootstrap"]))
            }
            if options.tailComparisons { report.comparisons = TailComparisons.run(ascending: esd.eigenvalues, fit: fit) }
        }
        return (report, [])
    }

    /// The ESD of the tensor with its entries permuted for the correlation traps (seeded from its
    /// name), or nil when the heavy-tail metrics or the traps are off.
    static func permutedSpectrum(_ x: UnsafeBufferPointer<Double>, name: String, shape: [Int], plan: SpectralPlan,
                                 options: AnalysisOptions) throws(AnalysisError) -> EmpiricalSpectrum? {
        guard plan.heavyTail && options.traps else { return nil }
        return try CorrelationTraps.permutedSpectrum(x, shape: shape, seed: SpectralSeed.seed(root: options.spectralSeed, path: [name, "permute"]))
    }
}
