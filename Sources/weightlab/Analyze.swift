import Analysis
import ArgumentParser
import Foundation
import Reporting
import ScenarioKit
import TensorIO

/// `weightlab analyze`: recover the distribution of any weights and test it against theory.
struct Analyze: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Analyse the weights in safetensors/.npy files or checkpoint folders.",
        discussion: """
        Per tensor: moments with CIs, sparsity, tail mass, normality tests with μ and σ estimated
        (Lilliefors KS, Anderson–Darling, Cramér–von Mises, Jarque–Bera) with effect sizes, law fits
        with AIC, generalised-Gaussian β, Weibull k of |w|, and for matrices the Marchenko–Pastur
        spectrum and row/column homogeneity. With --base FILE the transformation weights
        ΔW = FILE − base are analysed, tensor by tensor.
        Examples:
          weightlab analyze model.safetensors --json report.json
          weightlab analyze finetuned.safetensors --base pretrained.safetensors --tensors 'q_proj'
          weightlab analyze model.safetensors --plots figures/
        """
    )

    @Argument(help: "Weight files (.safetensors, .npy) or checkpoint folders.")
    var inputs: [String]

    @Option(help: "Analyse ΔW = input − base (same tensor names and shapes).")
    var base: String?

    @Option(help: "Only tensors whose name matches this regular expression.")
    var tensors: String?

    @Option(name: .customLong("json"), help: "Write the full report as JSON to this file.")
    var jsonOutput: String?

    @Option(help: "Write one row per tensor as CSV to this file.")
    var csv: String?

    @Flag(help: "Moments only: the fast scan (no tests, fits or spectra).")
    var momentsOnly = false

    @Option(help: "Largest matrix side for the spectral check.")
    var maxSpectrumSide: Int = 2048

    @Option(help: ArgumentHelp("Draw the analysis figures into this folder.", discussion: """
        Cullen–Frey plane, depth profiles and filters for every tensor; histograms, Q–Q plots, \
        Weibull probability plots and spectra for up to nine tensors spread over the selection.
        """))
    var plots: String?

    @Flag(help: "Replace output files that exist.")
    var force = false

    @Flag(help: "Print nothing but errors.")
    var quiet = false

    func validate() throws {
        if let tensors { do { _ = try Regex(tensors) } catch { throw ValidationError("--tensors: not a valid regular expression: \(error)") } }
        guard maxSpectrumSide >= 2 else { throw ValidationError("--max-spectrum-side must be at least 2") }
    }

    func run() throws {
        var options = momentsOnly ? AnalysisOptions.momentsOnly : AnalysisOptions()
        options.maxSpectrumSide = maxSpectrumSide
        let pattern = try tensors.map { try Regex($0) }
        let baseCheckpoint = try base.map { try open($0) }
        var reports: [TensorReport] = []
        var problems: [String] = []
        var skipped: [String] = []
        var samples: [GeneratedTensor] = []
        for input in inputs {
            let checkpoint: Checkpoint
            do { checkpoint = try open(input) } catch {
                problems.append("\(error)")
                Terminal.error("\(error)")
                continue
            }
            for u in checkpoint.unsupported {
                skipped.append("\(u.file.lastPathComponent): \(u.name) (\(u.dtype))")
            }
            let selected = checkpoint.entries.filter { e in pattern.map { e.info.name.contains($0) } ?? true }
            let drawn = plots == nil ? [] : Set(stride(from: 0, to: selected.count, by: max(1, (selected.count + 8) / 9)).prefix(9))
            for (i, entry) in selected.enumerated() {
                let name = entry.info.name
                if !quiet { Terminal.progress("analysing \(name) (\(i + 1)/\(selected.count))") }
                do {
                    let values = try readValues(entry: entry, in: checkpoint, base: baseCheckpoint)
                    reports.append(try values.withUnsafeBufferPointer { (p) throws(AnalysisError) in
                        try TensorAnalyzer.analyze(name: name, shape: entry.info.shape, dtype: entry.info.dtype.rawValue, values: p, options: options)
                    })
                    if drawn.contains(i), samples.count < 9 { samples.append(Self.plotSample(name: name, shape: entry.info.shape, values: values)) }
                } catch {
                    if let e = error as? AnalysisError {
                        skipped.append("\(name): \(e)")
                        continue
                    }
                    let message = (error as? TensorIOError)?.description ?? (error as? InputError)?.message ?? "\(error)"
                    problems.append(message)
                    Terminal.endProgress()
                    Terminal.error(message)
                }
            }
        }
        Terminal.endProgress()
        if !quiet {
            print(AnalysisTable.render(reports))
            for s in skipped { print("skipped: \(s)") }
        }
        let document = AnalysisDocument(weightlabVersion: WeightLabVersion.string, inputs: inputs, base: base, tensors: reports,
                                        byDepth: GroupSummary.byDepth(reports), byModule: GroupSummary.byModule(reports),
                                        skipped: skipped, errors: problems)
        if let jsonOutput { try write(try document.json(), to: jsonOutput) }
        if let csv { try write(Data(AnalysisTable.csv(reports).utf8), to: csv) }
        if let plots {
            let written = try FigureOutput.write(AnalysisFigures.make(reports, samples: samples, subtitle: document.subtitle),
                                                 to: URL(fileURLWithPath: plots, isDirectory: true), overwrite: force)
            if !quiet { print("figures: \(written.joined(separator: ", ")) in \(plots)") }
        }
        if !problems.isEmpty { throw ExitCode(2) }
    }

    private func open(_ path: String) throws -> Checkpoint {
        do { return try Checkpoint(url: URL(fileURLWithPath: path)) } catch { throw InputError(error.description) }
    }

    private func write(_ data: Data, to path: String) throws {
        do { try AtomicFile.write(data, to: URL(fileURLWithPath: path), overwrite: force) } catch { throw InputError(error.description) }
    }

    /// The values a figure draws from: the whole tensor up to 2^22 values, beyond that an evenly
    /// strided subsample, flattened (so the spectrum, which needs the whole matrix, is skipped).
    /// NaN and Inf are dropped (flattening the tensor too).
    static func plotSample(name: String, shape: [Int], values all: [Float]) -> GeneratedTensor {
        let limit = 1 << 22
        let values = all.allSatisfy(\.isFinite) ? all : all.filter(\.isFinite)
        let shape = values.count == all.count ? shape : [values.count]
        guard values.count > limit else { return GeneratedTensor(name: name, depth: TensorName(name).depth, shape: shape, values: values) }
        let stride = (values.count + limit - 1) / limit
        let picked = Swift.stride(from: 0, to: values.count, by: stride).map { values[$0] }
        return GeneratedTensor(name: name, depth: TensorName(name).depth, shape: [picked.count], values: picked)
    }

    /// Reads one tensor (minus its base); NaN/Inf values are counted in a warning.
    private func readValues(entry: Checkpoint.Entry, in checkpoint: Checkpoint, base baseCheckpoint: Checkpoint?) throws -> [Float] {
        let name = entry.info.name
        var values = try checkpoint.floats(name)
        if let baseCheckpoint {
            guard let b = baseCheckpoint.entry(name) else {
                throw InputError("\(base!): no tensor '\(name)' to subtract (from \(entry.file.path))")
            }
            guard b.info.shape == entry.info.shape else {
                throw InputError("tensor '\(name)': shape \(entry.info.shape) in \(entry.file.path) but \(b.info.shape) in \(base!)")
            }
            let bv = try baseCheckpoint.floats(name)
            for j in values.indices { values[j] -= bv[j] }
        }
        let nonFinite = values.reduce(0) { $0 + ($1.isFinite ? 0 : 1) }
        if nonFinite > 0 { Terminal.warning("tensor '\(name)': \(nonFinite) NaN/Inf values excluded from the statistics") }
        return values
    }
}
