import Analysis
import Distributions
import Foundation
import GSLKit
import MonteCarlo
import Sampling
import Simulation
import TensorIO

/// Runs a scenario's replicates (in parallel, checkpointed, resumable, shardable) and judges its
/// claims.
public struct ScenarioRunner: Sendable {
    public var scenario: Scenario
    /// How the replicates run: their count, threads, shard, checkpoint, resume and overwrite. Its
    /// `key` is not read: the run uses ``key``, computed from the scenario and the files it reads.
    public var monteCarlo: MonteCarloRunner
    /// The checkpoint of a `checkpoint:` experiment.
    public var input: Checkpoint?
    public var version: String
    /// What set the replicate count: `replicates`, `quick_replicates` or `--replicates` (for messages).
    public var replicateSource: String

    public init(scenario: Scenario, replicates: Int? = nil, quick: Bool = false, threads: Int, shard: Shard? = nil,
                checkpoint: URL? = nil, resume: Bool = false, overwrite: Bool = false, input: Checkpoint? = nil, version: String) {
        self.scenario = scenario
        let isCheckpoint: Bool
        if case .checkpoint = scenario.experiment { isCheckpoint = true } else { isCheckpoint = false }
        let count = isCheckpoint ? 1 : (replicates ?? (quick ? scenario.quickReplicates : scenario.replicates))
        replicateSource = isCheckpoint ? "a checkpoint scenario" : replicates != nil ? "--replicates" : quick ? "quick_replicates" : "replicates"
        monteCarlo = MonteCarloRunner(replicates: count, threads: threads, shard: shard, checkpoint: checkpoint, resume: resume,
                                      overwrite: overwrite, key: "")
        self.input = input
        self.version = version
    }

    var analysisOptions: AnalysisOptions { scenario.analysis }

    /// Every per-tensor quantity the analyses produce with the scenario's settings (from the
    /// metric catalogue).
    public func analysisQuantities() -> Set<String> {
        MetricCatalogue.analysisNames(options: analysisOptions)
    }

    /// Checks every claim against what its cases produce and that it can discriminate at this
    /// replicate count (``ClaimValidator``); errors point at the claim's key.
    public func validate() throws(ScenarioError) {
        try ClaimValidator(scenario: scenario, replicates: monteCarlo.replicates, replicateSource: replicateSource, input: input,
                           analysisQuantities: analysisQuantities(), theory: theoryValues()).validate()
    }

    /// A fingerprint of everything that determines the results, hashed (FNV-1a, 64 bits) from a
    /// canonical text: the scenario's source text, the effective seed and replicate count, and the
    /// tensors (name, dtype, shape) of the files it reads — the `--input` checkpoint and
    /// `pretrained_file`s. Not the file's location, the thread count or the shard.
    public var key: String {
        var text = "weightlab-run-2\nseed \(scenario.seed)\nreplicates \(monteCarlo.replicates)\n"
        func describe(_ info: TensorInfo) -> String { "\(info.name) \(info.dtype.rawValue) \(info.shape.map(String.init).joined(separator: "x"))" }
        for e in (input?.entries ?? []).sorted(by: { $0.info.name < $1.info.name }) { text += "input " + describe(e.info) + "\n" }
        for (c, experiment) in scenario.caseExperiments.enumerated() {
            guard case let .drift(drift, path?) = experiment, let (file, names) = try? drift.pretrainedTensors(in: path) else { continue }
            for name in names { if let e = file.entry(name) { text += "case \(c) pretrained " + describe(e.info) + "\n" } }
        }
        text += "source \(scenario.source.utf8.count)\n" + scenario.source
        return FNV1a.hex(text)
    }

    /// ``monteCarlo`` with this scenario's ``key``.
    var keyedMonteCarlo: MonteCarloRunner {
        var runner = monteCarlo
        runner.key = key
        return runner
    }

    /// Refuses a run whose checkpoint would be overwritten or belongs to another run — before
    /// anything is written (``MonteCarloRunner/checkCheckpoint(seed:)``).
    public func checkCheckpoint() throws(MonteCarloError) {
        try keyedMonteCarlo.checkCheckpoint(seed: scenario.seed)
    }

    /// The outcome of a run or of a shard.
    public struct Outcome: Sendable {
        public var results: [Int: Metrics<MetricKey>]
        public var cancelled: Bool
        public var restored: Int
        public var owned: Int
    }

    /// Runs the replicates this invocation owns.
    public func run(cancellation: CancellationFlag = CancellationFlag(),
                    progress: @escaping @Sendable (RunProgress) -> Void = { _ in }) throws -> Outcome {
        try validate()
        // Parallelism comes from the replicates; BLAS runs single-threaded inside each.
        LinearAlgebra.setBLASThreads(1)
        let sampler = TensorSampler(generator: scenario.generator, threads: 1)
        let experiments = ExperimentRunner(sampler: sampler, input: input, file: scenario.file)
        let scenario = self.scenario, options = analysisOptions
        let outcome = try keyedMonteCarlo.run(seeds: SeedTree(root: scenario.seed), cancellation: cancellation, progress: progress) { _, seeds in
            var metrics = Metrics<MetricKey>()
            for (c, experiment) in scenario.caseExperiments.enumerated() {
                let output = try experiments.run(experiment, seeds: seeds.child("case").child(c))
                for (name, value) in output.quantities {
                    metrics.append(MetricKey(caseIndex: c, tensor: MetricKey.experimentTensor, quantity: name), value)
                }
                for tensor in output.tensors {
                    let key = { (q: String) in MetricKey(caseIndex: c, tensor: tensor.name, quantity: q) }
                    if let d = tensor.depth ?? TensorName(tensor.name).depth { metrics.append(key("depth"), Double(d)) }
                    let values = try tensor.materialized().values  // a file's tensor is read here, one at a time
                    do {
                        let report = try values.withUnsafeBufferPointer { (p) throws(AnalysisError) in
                            try TensorAnalyzer.analyze(name: tensor.name, shape: tensor.shape, dtype: .plain(.f32), values: p, options: options)
                        }
                        for (q, v) in MetricCatalogue.values(of: report) where q != "depth" { metrics.append(key(q), v) }
                        for (q, v) in output.tensorQuantities[tensor.name] ?? [] {
                            metrics.append(key(q), v)
                            if q == ExperimentTensorMetrics.scheduleStd.name { metrics.append(key(ExperimentTensorMetrics.stdRatio.name), report.std / v) }
                        }
                    } catch {
                        metrics.append(key(ExperimentTensorMetrics.analysisFailed.name), 1)
                    }
                }
            }
            return metrics
        }
        return Outcome(results: outcome.results, cancelled: outcome.cancelled, restored: outcome.restored, owned: outcome.owned.count)
    }

    /// The closed-form `theory.*` values of each case: those of the law of a full-rank `sample:`
    /// experiment, or the std and kurtosis of a single `low_rank:` update.
    public func theoryValues() -> [[String: Double]] {
        scenario.caseExperiments.map { e in
            switch e {
            case let .sample(law, _, _, nil):
                return TheoryValues.of(law.distribution)
            case let .lowRank(_, updates, false):
                return updates.first?.theory.map(TheoryValues.of) ?? [:]
            default:
                return [:]
            }
        }
    }

    /// Judges the claims on complete results and summarises the quantities.
    public func report(results: [Int: Metrics<MetricKey>], seconds: Double?) -> ScenarioReport {
        let claims = ClaimEvaluator(scenario: scenario, results: results, theory: theoryValues()).evaluate()
        return ScenarioReport(
            scenario: scenario.name, description: scenario.description, seed: scenario.seed,
            generator: scenario.generator.rawValue, weightlabVersion: version, replicates: results.count,
            cases: scenario.cases.map(\.label), claims: claims, summaries: summaries(results),
            timing: seconds.map { ScenarioReport.Timing(seconds: $0, threads: monteCarlo.threads) })
    }

    static let summarised: Set<String> = [
        "std", "mean", "skewness", "excess_kurtosis", "sparsity", "tail_3sigma_fraction", "ks.statistic", "ks.p_value",
        "anderson_darling.p_value", "cramer_von_mises.p_value", "jarque_bera.p_value", "normality.wasserstein_1", "gennorm_beta",
        "weibull_k", "weibull_lambda", "spectrum.spikes", "spectrum.mp_sigma2", "spectrum.bulk_ks", "iid.row_variance_ratio",
        "iid.column_variance_ratio", "std_ratio", "schedule_std", "filters.three_sigma.excess_kurtosis",
        "filters.small_values.excess_kurtosis", "filters.three_sigma.ks.statistic", "filters.small_values.ks.statistic",
        "fit.wstar.pi0", "fit.wstar.c", "fit.wstar.sigma", "fit.wstar.outliers", "fit.wstar.outlier_scale", "displacement",
    ]

    func summaries(_ results: [Int: Metrics<MetricKey>]) -> [ScenarioReport.QuantitySummary] {
        var acc: [MetricKey: [Double]] = [:]
        var depth: [String: Int] = [:]
        for i in results.keys.sorted() {
            let m = results[i]!
            for (k, v) in zip(m.names, m.values) {
                if k.quantity == "depth" { depth["\(k.caseIndex)|\(k.tensor)"] = Int(v); continue }
                guard k.tensor == MetricKey.experimentTensor || Self.summarised.contains(k.quantity), v.isFinite else { continue }
                acc[k, default: []].append(v)
            }
        }
        return acc.keys.sorted().map { k in
            let (m, _, sd) = ClaimStatistics.meanAndSE(acc[k]!)
            return ScenarioReport.QuantitySummary(caseLabel: scenario.cases[k.caseIndex].label, tensor: k.tensor,
                                                  depth: depth["\(k.caseIndex)|\(k.tensor)"], quantity: k.quantity, mean: m,
                                                  sd: acc[k]!.count > 1 ? sd : 0, n: acc[k]!.count)
        }
    }
}

extension ScenarioRunner {
    /// What one replicate of one case produces, regenerated from the seed (for figures and
    /// `simulate`).
    public func output(caseIndex c: Int, replicate r: Int) throws -> ExperimentOutput {
        let sampler = TensorSampler(generator: scenario.generator, threads: monteCarlo.threads)
        let seeds = SeedTree(root: scenario.seed).child("replicate").child(r).child("case").child(c)
        return try ExperimentRunner(sampler: sampler, input: input, file: scenario.file).run(scenario.caseExperiments[c], seeds: seeds)
    }

    /// The tensors of one replicate of one case, regenerated from the seed.
    public func tensors(caseIndex c: Int, replicate r: Int) throws -> [GeneratedTensor] {
        try output(caseIndex: c, replicate: r).tensors
    }
}
