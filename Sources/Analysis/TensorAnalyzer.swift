import Foundation
import TensorIO

/// Runs the analyses on one tensor and gathers a ``TensorReport``.
public enum TensorAnalyzer {
    /// Analyses `values` (row-major, `shape`) of either precision; every statistic is computed
    /// in double precision (x = Double(v), exact), so F64 tensors keep their precision.
    /// Non-finite values are counted and excluded.
    /// - Throws: ``AnalysisError/notEnoughData(n:needed:)`` for fewer than 8 finite values,
    ///   ``AnalysisError/constant(value:)`` when σ = 0.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public static func analyze<T: WeightScalar>(name: String, shape: [Int], dtype: StorageType, values: UnsafeBufferPointer<T>,
                                                options: AnalysisOptions = AnalysisOptions()) throws(AnalysisError) -> TensorReport {
        // The moments-only scan of an all-finite tensor reads the values in place (a tensor too
        // small to summarise goes the long way, whose error counts only finite values); its
        // summary equals that of the finite copy below, value for value.
        if options.isMomentsOnly, values.count >= 8, let m = try MomentSummary.ofIfFinite(values) {
            return TensorReport(name: name, shape: shape, dtype: dtype, moments: m)
        }
        var nan = 0, inf = 0
        for v in values where !v.isFinite {
            if v.isNaN { nan += 1 } else { inf += 1 }
        }
        // The copy in one allocation of its final size, without a test per value when all are finite.
        let finite = [Double](unsafeUninitializedCapacity: values.count - nan - inf) { out, initialised in
            if nan + inf == 0 {
                for i in values.indices { out[i] = Double(values[i]) }
            } else {
                var k = 0
                for v in values where v.isFinite { out[k] = Double(v); k += 1 }
            }
            initialised = values.count - nan - inf
        }
        let allFinite = nan == 0 && inf == 0
        return try finite.withUnsafeBufferPointer { (x) throws(AnalysisError) in
            try analyze(name: name, shape: shape, dtype: dtype, finite: x, nanCount: nan, infCount: inf,
                        matrixUsable: allFinite, options: options)
        }
    }

    static func analyze(name: String, shape: [Int], dtype: StorageType, finite x: UnsafeBufferPointer<Double>, nanCount: Int, infCount: Int,
                        matrixUsable: Bool, options: AnalysisOptions) throws(AnalysisError) -> TensorReport {
        let m = try MomentSummary.of(x, nanCount: nanCount, infCount: infCount)
        var report = TensorReport(name: name, shape: shape, dtype: dtype, moments: m)
        var notes: [String] = []
        if nanCount + infCount > 0 { notes.append(excludedNote(nanCount: nanCount, infCount: infCount, finite: x.count)) }
        // Why a matrix's spectrum or i.i.d. checks did not run (they need the whole matrix).
        let isMatrix = shape.count == 2
        let wanted = isMatrix && (options.spectrum || options.iid)
        let matrix = isMatrix && matrixUsable && shape[0] >= 2 && shape[1] >= 4
        if wanted && !matrixUsable {
            notes.append("spectrum and i.i.d. checks skipped: they need the whole matrix, and non-finite values break it")
        } else if wanted && !matrix {
            notes.append("spectrum and i.i.d. checks skipped: a \(shape[0])×\(shape[1]) matrix is too small (at least 2×4 needed)")
        }
        let plan = SpectralPlan(shape: shape, matrix: matrix, usable: matrixUsable, options: options)
        notes += plan.notes
        let runIID = matrix && options.iid
        // Five independent parts, taken by the two cores as they come free, the longest first: the
        // spectrum with the heavy-tail metrics, the permuted matrix's spectrum for the traps, the
        // sorted copy with the tests and filters that need it, the fits, and the i.i.d. checks.
        // Each writes only its own slot.
        let parts = Parts()
        let shared = ParallelLoop.Shared(buffer: x)
        ParallelLoop.workers(count: 5) { part in
            let x = shared.buffer
            switch part {
            case 0: parts.spectral = Result { () throws(AnalysisError) in try spectralPart(x, name: name, shape: shape, plan: plan, options: options) }
            case 1: parts.permuted = Result { () throws(AnalysisError) in try permutedSpectrum(x, name: name, shape: shape, plan: plan, options: options) }
            case 2: parts.sorted = Result { () throws(AnalysisError) in try sortedPart(x, moments: m, options: options) }
            case 3: parts.fits = options.fits ? fitsPart(x, mean: m.mean.value) : FitsPart()
            default: parts.iid = Result { () throws(AnalysisError) in runIID ? try IIDChecks.run(x, rows: shape[0], columns: shape[1]) : nil }
            }
        }
        let (normality, filters) = try parts.sorted!.get()
        var spectral = try parts.spectral!.get()
        if let permuted = try parts.permuted!.get(), let esd = spectral.heavyTail?.eigenvalues {
            spectral.heavyTail?.traps = CorrelationTraps.statistics(permuted: permuted, esd: esd)
        }
        let fitted = parts.fits!
        report.normality = normality
        report.filters = filters
        if let fits = fitted.fits {
            report.fits = fits
            report.gennormBetaMoment = fitted.momentBeta
            report.weibullK = fitted.weibull?.k
            report.weibullLambda = fitted.weibull?.lambda
            report.weibullKNonzero = fitted.weibullNonzero?.k
            report.weibullLambdaNonzero = fitted.weibullNonzero?.lambda
        }
        report.spectrum = spectral.spectrum
        report.heavyTail = spectral.heavyTail
        report.iid = try parts.iid!.get()
        notes += fitted.notes + spectral.notes
        report.notes = notes.isEmpty ? nil : notes
        return report
    }

    /// What the parts hand back; each part writes only its own slot.
    private final class Parts: @unchecked Sendable {
        var sorted: Result<(NormalityTests?, FilterComparison?), AnalysisError>?
        var spectral: Result<SpectralPart, AnalysisError>?
        var permuted: Result<EmpiricalSpectrum?, AnalysisError>?
        var fits: FitsPart?
        var iid: Result<IIDChecks?, AnalysisError>?
    }

    /// The law fits and the Weibull diagnostic, with notes on what could not be fitted.
    private struct FitsPart {
        var fits: [FitResult]?
        var momentBeta: Double?
        var weibull: WeibullFit?
        var weibullNonzero: WeibullFit?
        var notes: [String] = []
    }

    /// The Marchenko–Pastur spectrum and the heavy-tail metrics, with notes on what was skipped.
    private struct SpectralPart {
        var spectrum: SpectrumCheck?
        var heavyTail: HeavyTailReport?
        var notes: [String] = []
    }

    /// Sorts a copy, then runs the normality tests and the filters on it.
    private static func sortedPart(_ x: UnsafeBufferPointer<Double>, moments m: MomentSummary,
                                   options: AnalysisOptions) throws(AnalysisError) -> (NormalityTests?, FilterComparison?) {
        guard options.normality || options.filters else { return (nil, nil) }
        func run<T: WeightScalar>(_ s: UnsafeBufferPointer<T>) throws(AnalysisError) -> (NormalityTests?, FilterComparison?) {
            let t = options.normality
                ? try NormalityTests.run(sorted: s, mean: m.mean.value, std: m.std.value, skewness: m.skewness.value, excessKurtosis: m.excessKurtosis.value)
                : nil
            let f = options.filters ? FilterComparison.run(sorted: s, mean: m.mean.value, std: m.std.value) : nil
            return (t, f)
        }
        // In single precision when every value is one (half the memory of a double copy).
        switch RadixSort.sorted(x) {
        case let .single(s): return try s.withUnsafeBufferPointer { (p) throws(AnalysisError) in try run(p) }
        case let .double(s): return try s.withUnsafeBufferPointer { (p) throws(AnalysisError) in try run(p) }
        }
    }

    /// The fits, generalised-Gaussian β by moments (about the moments' `mean`) and the Weibull
    /// diagnostic (also of the non-zero values when there are exact zeros).
    private static func fitsPart(_ x: UnsafeBufferPointer<Double>, mean: Double) -> FitsPart {
        var out = FitsPart()
        // A law or the Weibull plot can fail where the moments did not (e.g. fewer than 8
        // non-zero values, or every |w| in one histogram bin): say so and keep the rest.
        do { out.fits = try Fits.all(x) } catch { out.notes.append("fits skipped: \(error)") }
        out.momentBeta = Fits.generalizedGaussianMomentBeta(x, mean: mean)
        // One histogram for both Weibull diagnostics: the non-zero values' is the same less the
        // zeros in its first bin.
        let histogram = WeibullFit.histogram(x)
        do { out.weibull = try WeibullFit.fit(histogram: histogram, total: x.count) } catch { out.notes.append("Weibull diagnostic skipped: \(error)") }
        var zeros = 0
        for v in x where v == 0 { zeros += 1 }
        if zeros > 0 {
            var nonzero = histogram
            nonzero[0] -= Double(zeros)
            let z = Double(zeros) / Double(x.count)
            do {
                out.weibullNonzero = try WeibullFit.fit(histogram: nonzero, total: x.count - zeros)
            } catch { out.notes.append("Weibull diagnostic of the non-zero values skipped: \(error)") }
            if z >= 0.2 {
                out.notes.append(String(format: "%.1f %% exact zeros fall inside the Weibull protocol's middle-80 %% window and dominate weibull_k; "
                                        + "weibull_k_nonzero is the protocol on the non-zero values", 100 * z))
            }
        }
        return out
    }

    /// The spectrum, then the heavy-tail metrics from the same eigenvalues.
    private static func spectralPart(_ x: UnsafeBufferPointer<Double>, name: String, shape: [Int], plan: SpectralPlan,
                                     options: AnalysisOptions) throws(AnalysisError) -> SpectralPart {
        var out = SpectralPart()
        if plan.spectrum { out.spectrum = try SpectrumCheck.run(x, rows: shape[0], columns: shape[1]) }
        if plan.heavyTail {
            let (h, why) = try heavyTail(x, name: name, shape: shape, spectrum: out.spectrum, options: options)
            out.heavyTail = h
            out.notes += why
        }
        return out
    }

    /// The report of a moments-only analysis from its summary: the moment fields and, when
    /// values were excluded, the same note as the full analysis gives.
    static func momentsReport(name: String, shape: [Int], dtype: StorageType, moments m: MomentSummary) -> TensorReport {
        var r = TensorReport(name: name, shape: shape, dtype: dtype, moments: m)
        if m.nanCount + m.infCount > 0 { r.notes = [excludedNote(nanCount: m.nanCount, infCount: m.infCount, finite: m.count)] }
        return r
    }

    /// The note on non-finite values left out of every statistic.
    static func excludedNote(nanCount: Int, infCount: Int, finite: Int) -> String {
        "\(nanCount) NaN and \(infCount) ±Inf values excluded: every statistic uses the \(finite) finite values"
    }
}
