import Analysis
import ArgumentParser
import Foundation
import MonteCarlo
import Reporting
import ScenarioKit
import TensorIO

/// `weightlab analyze`: recover the distribution of any weights and test it against theory.
struct Analyze: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Analyse the weights in safetensors, .npy, PyTorch, GGUF or ONNX files, checkpoint folders or LoRA adapters.",
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
          weightlab analyze llama/ --json part-3.json --shard 3/8   # then: weightlab merge part-*.json -o all.json
          weightlab analyze model.safetensors --moments-only --json - | jq '.tensors[0].mean'
        --threads is the tensors analysed at once (up to 2) and the moments scan's workers.
        With --json - the report goes to stdout instead of the table. With --json OUT.json each finished tensor is appended to OUT.checkpoint.jsonl; after Ctrl-C or a
        kill, the same command with --resume analyses only what is left.
        """
    )

    @Argument(help: "Weight files (.safetensors, .npy, .bin/.pt/.pth, .gguf, .onnx), checkpoint folders or PEFT adapter folders.")
    var inputs: [String]

    @Option(help: "Analyse ΔW = input − base (same tensor names and shapes); for a LoRA adapter, the base model (DoRA's W₀).")
    var base: String?

    @Flag(help: "For a PEFT LoRA adapter folder: analyse the factors A and B instead of ΔW = s·B·A.")
    var loraFactors = false

    @Option(help: "Only tensors whose name matches this regular expression.")
    var tensors: String?

    @Flag(help: "Only tensors of two or more dimensions (leaves out biases and norm scales).")
    var matrices = false

    @OptionGroup var json: JSONOutput

    /// The file of --json (nil without it or with `--json -`): the checkpoint lives beside it.
    var jsonOutput: String? { json.file }

    @Option(help: "Write one row per tensor as CSV to this file.")
    var csv: String?

    @Flag(help: "Moments only: the fast scan (no tests, fits or spectra).")
    var momentsOnly = false

    @Option(help: "Largest short side min(m, n) of a matrix for the spectra (the Gram matrix is min(m, n)²).")
    var maxSpectrumSide: Int = AnalysisOptions().maxSpectrumSide

    @Option(help: ArgumentHelp("Resamples of the Clauset–Shalizi–Newman bootstrap: the power law's p-value and the CI of α (0: off).",
                               discussion: "Each resample is one more power-law fit of the ESD tail."))
    var bootstrap: Int = AnalysisOptions().bootstrapResamples

    @Flag(name: .customLong("no-traps"), help: "Skip the correlation traps (the ESD of the permuted matrix: one more Gram matrix each).")
    var noTraps = false

    @Flag(name: .customLong("no-tail-comparisons"), help: "Skip the likelihood-ratio tests of the power-law tail against its alternatives.")
    var noTailComparisons = false

    @Option(help: "Root seed of the bootstrap and the permutations (each tensor derives its stream from its name).")
    var spectralSeed: UInt64 = AnalysisOptions().spectralSeed

    @Option(help: ArgumentHelp("Draw the analysis figures into this folder.", discussion: """
        Cullen–Frey plane, depth profiles and filters for every tensor; histograms, Q–Q plots, \
        Weibull probability plots and spectra for up to nine tensors spread over the selection.
        """))
    var plots: String?

    @OptionGroup var threadsOption: ThreadsOption
    @OptionGroup var forceFlag: ForceFlag
    @OptionGroup var quietFlag: QuietFlag

    var threads: Int { threadsOption.threads }
    var force: Bool { forceFlag.force }
    var quiet: Bool { quietFlag.quiet }

    @Flag(help: "Continue from the checkpoint beside --json (OUT.checkpoint.jsonl) of an interrupted run.")
    var resume = false

    @Option(help: ArgumentHelp("Analyse a size-balanced slice of the tensors: i/n, 0-based (needs --json).", discussion: """
        Join the parts with `weightlab merge PART.json… -o OUT.json`: the result equals a single run's.
        """))
    var shard: String?

    func validate() throws {
        if let tensors { do { _ = try Regex(tensors) } catch { throw ValidationError("--tensors: not a valid regular expression: \(error)") } }
        guard maxSpectrumSide >= 2 else { throw ValidationError("--max-spectrum-side must be at least 2") }
        guard bootstrap >= 0 else { throw ValidationError("--bootstrap must be ≥ 0 (0 switches it off), got \(bootstrap)") }
        if resume, jsonOutput == nil { throw ValidationError("--resume needs --json FILE (not -): the checkpoint lives beside it") }
        if let shard {
            guard jsonOutput != nil else { throw ValidationError("--shard needs --json FILE (not -): merge joins the parts' checkpoints") }
            do { _ = try Shard.parse(shard) } catch { throw ValidationError(error.description) }
        }
        if resume && force { throw ValidationError("--resume and --force contradict each other") }
    }

    func run() throws {
        var options = momentsOnly ? AnalysisOptions.momentsOnly : AnalysisOptions()
        options.maxSpectrumSide = maxSpectrumSide
        options.bootstrapResamples = bootstrap
        options.traps = !noTraps
        options.tailComparisons = !noTailComparisons
        options.spectralSeed = spectralSeed
        let pattern = try tensors.map { try Regex($0) }
        let matrices = matrices
        let source: TensorSource
        do {
            source = try TensorSource(inputs: inputs, base: base, loraFactors: loraFactors) { info in
                (!matrices || info.shape.count >= 2) && (pattern.map { info.name.contains($0) } ?? true)
            }
        } catch { throw InputError(error) }
        if !quiet { source.notes.forEach { Terminal.warning($0) } }
        let part = try shard.map { s in let v = try Shard.parse(s); return AnalysisShard(index: v.index, count: v.count)! }
        var analysis = AnalysisRun(source: source, options: options, shard: part, version: WeightLabVersion.string)
        (analysis.threads, analysis.parallelTensors) = (threads, min(2, threads))
        let (checkpoint, restored) = try openCheckpoint(analysis)
        // Problems restored from the checkpoint are still problems: say them again.
        for i in restored.keys.sorted() { if case let .problem(p) = restored[i]! { Terminal.error(p) } }
        let drawn = plotSteps(source)
        var samples: [Int: GeneratedTensor] = [:]
        let bar = ProgressBar(label: "analyse", quiet: quiet)
        let cancellation = CancellationFlag()
        let watcher = checkpoint == nil ? nil : SignalWatcher(cancellation: cancellation, inFlight: "the tensor in flight")
        bar.begin()
        let records: [Int: AnalysisRecord]
        do {
            records = try analysis.run(restored: restored, checkpoint: checkpoint, isCancelled: { cancellation.isCancelled }, onRecord: { i, record, values in
                switch record {
                case let .problem(p):
                    bar.finish()
                    Terminal.error(p)
                case let .report(r):
                    // The analyzer counts them as it separates the finite values (one pass, not two).
                    if r.nanCount + r.infCount > 0 {
                        bar.finish()
                        Terminal.warning("tensor '\(r.name)': \(r.nanCount + r.infCount) NaN/Inf values excluded from the statistics")
                    }
                    if drawn.contains(i), let values { samples[i] = Self.plotSample(name: r.name, shape: r.shape, values: values.floats) }
                case .skipped: break
                }
            }, progress: bar.update)
        } catch { throw InputError(error) }
        bar.finish()
        watcher?.stop()
        if cancellation.isCancelled, let checkpoint {
            var command = CommandLine.arguments.map { $0.contains(" ") ? "'\($0)'" : $0 }
            if !command.contains("--resume") { command.append("--resume") }
            command.removeAll { $0 == "--force" }
            Terminal.error("stopped: \(records.count) of \(analysis.ownedSteps.count) steps in \(checkpoint.url.path); resume with: \(command.joined(separator: " "))")
            throw ExitCode(130)
        }
        warnAboutOrphans(source)
        try samples.merge(readSamples(drawn.subtracting(samples.keys), records: records, source: source)) { a, _ in a }
        try finish(AnalysisOutcome(records: records), samples: samples.keys.sorted().prefix(9).map { samples[$0]! }, shard: part)
    }

    /// Renders and writes the outcome: the table, the JSON document, the CSV and the figures.
    private func finish(_ outcome: AnalysisOutcome, samples: [GeneratedTensor], shard part: AnalysisShard?) throws {
        let reports = outcome.reports
        let byDepth = GroupSummary.byDepth(reports), byModule = GroupSummary.byModule(reports)
        if !quiet, !json.toStdout {
            print(AnalysisTable.render(reports, byDepth: byDepth, byModule: byModule))
            for s in outcome.skipped { print("skipped: \(s.name) (\(URL(fileURLWithPath: s.file).lastPathComponent)): \(s.reason)") }
        }
        let document = AnalysisDocument(weightlabVersion: WeightLabVersion.string, inputs: inputs, base: base, tensors: reports,
                                        byDepth: byDepth, byModule: byModule, skipped: outcome.skipped, errors: outcome.problems,
                                        shard: part.map(\.description))
        try json.write(try document.json(), overwrite: force || resume)
        if let csv { try write(Data(AnalysisTable.csv(reports).utf8), to: csv, overwrite: force || resume) }
        if let plots {
            let written = try FigureOutput.write(AnalysisFigures.make(reports, samples: samples, subtitle: document.subtitle),
                                                 to: URL(fileURLWithPath: plots, isDirectory: true), overwrite: force || resume)
            if !quiet, !json.toStdout { print("figures: \(written.joined(separator: ", ")) in \(plots)") }
        }
        if !outcome.problems.isEmpty { throw ExitCode(2) }
    }

    private func write(_ data: Data, to path: String, overwrite: Bool) throws {
        do { try AtomicFile.write(data, to: URL(fileURLWithPath: path), overwrite: overwrite) } catch { throw InputError(error) }
    }

    /// Base tensors that no input had (within the selection): nothing to subtract them from.
    private func warnAboutOrphans(_ source: TensorSource) {
        guard let base, !source.orphans.isEmpty else { return }
        let orphans = source.orphans
        let shown = orphans.prefix(5).map { "'\($0)'" }.joined(separator: ", ") + (orphans.count > 5 ? ", …" : "")
        Terminal.warning("\(base): \(orphans.count) tensor\(orphans.count == 1 ? "" : "s") not in any input, ignored: \(shown)")
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
}
