import Analysis
import ArgumentParser
import Foundation
import Reporting
import ScenarioKit
import TensorIO

/// `weightlab analyze`: recover the distribution of any weights and test it against theory.
struct Analyze: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Analyse the weights in safetensors/.npy/PyTorch files, checkpoint folders or LoRA adapters.",
        discussion: """
        Per tensor: moments with CIs, sparsity, tail mass, normality tests with μ and σ estimated
        (Lilliefors KS, Anderson–Darling, Cramér–von Mises, Jarque–Bera) with effect sizes, law fits
        with standard errors, AIC and BIC (the best fit is the lowest BIC), generalised-Gaussian β,
        Weibull k of |w|, and for matrices the Marchenko–Pastur spectrum and row/column homogeneity;
        then summaries by depth and module. F64 tensors are analysed in double precision. With
        --base FILE the transformation weights ΔW = FILE − base are analysed, tensor by tensor.
        Examples:
          weightlab analyze model.safetensors --json report.json
          weightlab analyze finetuned.safetensors --base pretrained.safetensors --tensors 'q_proj'
          weightlab analyze model.safetensors --plots figures/
        """
    )

    @Argument(help: "Weight files (.safetensors, .npy, .bin/.pt/.pth), checkpoint folders or PEFT adapter folders.")
    var inputs: [String]

    @Option(help: "Analyse ΔW = input − base (same tensor names and shapes); for a LoRA adapter, the base model (DoRA's W₀).")
    var base: String?

    @Option(help: "Only tensors whose name matches this regular expression.")
    var tensors: String?

    @Flag(help: "Only tensors of two or more dimensions (leaves out biases and norm scales).")
    var matrices = false

    @Option(name: .customLong("json"), help: "Write the full report as JSON to this file.")
    var jsonOutput: String?

    @Option(help: "Write one row per tensor as CSV to this file.")
    var csv: String?

    @Flag(help: "For a PEFT LoRA adapter folder: analyse the factors A and B instead of ΔW = s·B·A.")
    var loraFactors = false

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
        /// Whether --tensors and --matrices select a tensor (of the inputs or of the base).
        func selects(_ info: TensorInfo) -> Bool { (!matrices || info.shape.count >= 2) && (pattern.map { info.name.contains($0) } ?? true) }
        let baseCheckpoint = try base.map { try open($0) }
        var reports: [TensorReport] = []
        // A tensor whose header entry is bad is left out with its error; the others are analysed.
        var problems: [String] = baseCheckpoint?.skipped.map(\.description) ?? []
        problems.forEach { Terminal.error($0) }
        var skipped: [AnalysisDocument.Skipped] = []
        var samples: [GeneratedTensor] = []
        var seen = Set<String>()
        var adapters = 0
        for input in inputs {
            // A LoRA adapter is ΔW already: --base gives DoRA its W₀ instead of being subtracted.
            let adapter = PeftAdapter.isAdapter(URL(fileURLWithPath: input))
            adapters += adapter ? 1 : 0
            let checkpoint: Checkpoint
            do { checkpoint = try open(input, base: adapter ? baseCheckpoint : nil) } catch {
                problems.append("\(error)")
                Terminal.error("\(error)")
                continue
            }
            for note in checkpoint.notes where !quiet { Terminal.warning("\(input): \(note)") }
            for e in checkpoint.skipped {
                problems.append(e.description)
                Terminal.error(e.description)
            }
            for u in checkpoint.unsupported {
                skipped.append(.init(name: u.name, file: u.file.path, dtype: u.dtype, shape: nil, reason: "unsupported dtype \(u.dtype)"))
            }
            for a in checkpoint.aliases {
                skipped.append(.init(name: a.name, file: a.file.path, dtype: "", shape: nil, reason: "alias of '\(a.of)' (shares its storage; analysed once)"))
            }
            let selected = checkpoint.entries.filter { selects($0.info) }
            let drawn = plots == nil ? [] : Set(stride(from: 0, to: selected.count, by: max(1, (selected.count + 8) / 9)).prefix(9))
            for (i, entry) in selected.enumerated() {
                let name = entry.info.name
                seen.insert(name)
                if !quiet { Terminal.progress("analysing \(name) (\(i + 1)/\(selected.count))") }
                do {
                    let values = try readValues(entry: entry, in: checkpoint, base: adapter ? nil : baseCheckpoint)
                    let (shape, dtype) = (entry.info.shape, entry.info.storage ?? entry.info.dtype.rawValue)
                    switch values {
                    case let .single(v):
                        reports.append(try v.withUnsafeBufferPointer { (p) throws(AnalysisError) in
                            try TensorAnalyzer.analyze(name: name, shape: shape, dtype: dtype, values: p, options: options)
                        })
                    case let .double(v):
                        reports.append(try v.withUnsafeBufferPointer { (p) throws(AnalysisError) in
                            try TensorAnalyzer.analyze(name: name, shape: shape, dtype: dtype, values: p, options: options)
                        })
                    }
                    let notes = checkpoint.notes(for: name)
                    if !notes.isEmpty { reports[reports.count - 1].notes = (reports[reports.count - 1].notes ?? []) + notes }
                    // The analyzer counts them as it separates the finite values (one pass, not two).
                    if let r = reports.last, r.nanCount + r.infCount > 0 {
                        Terminal.warning("tensor '\(name)': \(r.nanCount + r.infCount) NaN/Inf values excluded from the statistics")
                    }
                    if drawn.contains(i), samples.count < 9 { samples.append(Self.plotSample(name: name, shape: shape, values: values.floats)) }
                } catch {
                    if let e = error as? AnalysisError {
                        skipped.append(.init(name: name, file: entry.file.path, dtype: entry.info.storage ?? entry.info.dtype.rawValue, shape: entry.info.shape,
                                             reason: e.description))
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
        if let baseCheckpoint, let base, adapters < inputs.count {
            // Base tensors that no input had (within the selection): nothing to subtract them from.
            let orphans = baseCheckpoint.entries.filter { selects($0.info) && !seen.contains($0.info.name) }.map(\.info.name)
            if !orphans.isEmpty {
                let shown = orphans.prefix(5).map { "'\($0)'" }.joined(separator: ", ") + (orphans.count > 5 ? ", …" : "")
                Terminal.warning("\(base): \(orphans.count) tensor\(orphans.count == 1 ? "" : "s") not in any input, ignored: \(shown)")
            }
        }
        let byDepth = GroupSummary.byDepth(reports), byModule = GroupSummary.byModule(reports)
        if !quiet {
            print(AnalysisTable.render(reports, byDepth: byDepth, byModule: byModule))
            for s in skipped { print("skipped: \(s.name) (\(URL(fileURLWithPath: s.file).lastPathComponent)): \(s.reason)") }
        }
        let document = AnalysisDocument(weightlabVersion: WeightLabVersion.string, inputs: inputs, base: base, tensors: reports,
                                        byDepth: byDepth, byModule: byModule, skipped: skipped, errors: problems)
        if let jsonOutput { try write(try document.json(), to: jsonOutput) }
        if let csv { try write(Data(AnalysisTable.csv(reports).utf8), to: csv) }
        if let plots {
            let written = try FigureOutput.write(AnalysisFigures.make(reports, samples: samples, subtitle: document.subtitle),
                                                 to: URL(fileURLWithPath: plots, isDirectory: true), overwrite: force)
            if !quiet { print("figures: \(written.joined(separator: ", ")) in \(plots)") }
        }
        if !problems.isEmpty { throw ExitCode(2) }
    }

    private func open(_ path: String, base: Checkpoint? = nil) throws -> Checkpoint {
        do { return try Checkpoint(url: URL(fileURLWithPath: path), skippingBadTensors: true, loraFactors: loraFactors, base: base) } catch {
            throw InputError(error.description)
        }
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

    /// A tensor's values: F64 stays in double precision, every other dtype is read as Float.
    enum Values {
        case single([Float])
        case double([Double])

        var floats: [Float] {
            switch self {
            case let .single(v): return v
            case let .double(v): return v.map(Float.init)
            }
        }
    }

    /// Reads one tensor (minus its base); NaN/Inf values are counted in a warning.
    private func readValues(entry: Checkpoint.Entry, in checkpoint: Checkpoint, base baseCheckpoint: Checkpoint?) throws -> Values {
        let name = entry.info.name
        var baseEntry: Checkpoint.Entry?
        if let baseCheckpoint {
            guard let b = baseCheckpoint.entry(name) else {
                throw InputError("\(base!): no tensor '\(name)' to subtract from '\(name)' in \(entry.file.path)")
            }
            guard b.info.shape == entry.info.shape else {
                throw InputError("tensor '\(name)': shape \(entry.info.shape) in \(entry.file.path) but \(b.info.shape) in \(base!)")
            }
            baseEntry = b
        }
        let values: Values
        if entry.info.dtype == .f64 || baseEntry?.info.dtype == .f64 {
            var v = try checkpoint.doubles(name)
            if let baseCheckpoint {
                let bv = try baseCheckpoint.doubles(name)
                for j in v.indices { v[j] -= bv[j] }
            }
            values = .double(v)
        } else {
            var v = try checkpoint.floats(name)
            if let baseCheckpoint {
                let bv = try baseCheckpoint.floats(name)
                for j in v.indices { v[j] -= bv[j] }
            }
            values = .single(v)
        }
        return values
    }
}
