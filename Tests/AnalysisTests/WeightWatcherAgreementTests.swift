import Foundation
import Testing
@testable import Analysis
import TensorIO

/// WeightLab's ESD metrics against WeightWatcher 0.7.7's default analyze() on the same tensors
/// (fixtures written by scripts/reference/weightwatcher_fixtures.py): a seeded synthetic set that
/// is always checked, and all-MiniLM-L6-v2 when its safetensors file is on this machine.
///
/// Tolerance: 1e-6 relative (WeightWatcher's float64 SVD against the Gram eigenvalues here differ
/// by ~1e-13 relative on eigenvalues ≥ 1e-3·λmax, see LinearAlgebra.shortSideGramEigenvalues), on
/// every layer it fits with status "success". sv_min is compared to 1e-3 relative: it is the square
/// root of the smallest eigenvalue, where the Gram matrix loses relative precision as λmax/λmin.
@Suite struct WeightWatcherAgreementTests {
    static let fixtures = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!

    /// The checked columns: WeightWatcher's name, ours, relative tolerance.
    static var columns: [(String, (HeavyTailReport) -> Double?, Double)] { [
        ("alpha", \.alpha, 1e-6), ("xmin", \.xmin, 1e-6), ("xmax", \.xmax, 1e-6), ("D", \.D, 1e-6), ("sigma", \.sigma, 1e-6),
        ("num_pl_spikes", { $0.numPLSpikes.map(Double.init) }, 0), ("stable_rank", \.stableRank, 1e-6),
        ("norm", \.norm, 1e-6), ("log_norm", \.logNorm, 1e-6), ("spectral_norm", \.spectralNorm, 1e-6),
        ("log_spectral_norm", \.logSpectralNorm, 1e-6), ("alpha_weighted", \.alphaWeighted, 1e-6),
        ("log_alpha_norm", \.logAlphaNorm, 1e-6), ("matrix_rank", { Double($0.matrixRank) }, 0),
        ("rank_loss", { Double($0.rankLoss) }, 0), ("weak_rank_loss", { Double($0.weakRankLoss) }, 0),
        ("entropy", \.entropy, 1e-6), ("sv_max", \.svMax, 1e-6), ("sv_min", \.svMin, 1e-3), ("lambda_max", \.lambdaMax, 1e-6),
        ("num_evals", { Double($0.numEvals) }, 0), ("N", { Double($0.n) }, 0), ("M", { Double($0.m) }, 0), ("rf", { Double($0.rf) }, 0),
    ] }

    /// Rows of a CSV without quoted commas, as header → cell.
    static func rows(_ url: URL) throws -> [[String: String]] {
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map(String.init)
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        return lines.dropFirst().map { line in
            Dictionary(uniqueKeysWithValues: zip(header, line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)))
        }
    }

    /// Compares every successful layer of `csv` with the tensors of `file`; returns the mismatches.
    static func compare(csv: URL, file: URL) throws -> (checked: Int, mismatches: [String]) {
        let st = try SafetensorsFile(url: file)
        var mismatches: [String] = []
        var checked = 0
        for row in try rows(csv) where row["status"] == "success" {
            let name = row["name"]!
            let key = st.info(name + ".weight") != nil ? name + ".weight" : name
            let info = try #require(st.info(key), "no tensor \(key)")
            let values = try st.values(key, as: Double.self)
            let esd = try values.withUnsafeBufferPointer { (p) throws(AnalysisError) in try EmpiricalSpectrum.compute(p, shape: info.shape) }
            let r = HeavyTailReport.make(esd)
            #expect(r.status == "success", "\(name)")
            #expect(r.warning == (row["warning"] ?? ""), "\(name): warning \(r.warning) vs \(row["warning"] ?? "")")
            for (column, value, tolerance) in columns {
                guard let text = row[column], let expected = Double(text) else { continue }
                let got = value(r) ?? .nan
                let error = Swift.abs(got - expected) / Swift.max(Swift.abs(expected), 1e-300)
                if !(error <= tolerance) { mismatches.append("\(name).\(column): \(got) vs WeightWatcher \(expected)") }
            }
            checked += 1
        }
        return (checked, mismatches)
    }

    /// The synthetic set covers heavy and light tails, both orientations, the small-sample fitter
    /// (12 and 3 eigenvalues over the floor), a rank-deficient matrix and a pooled 3×3 conv kernel.
    @Test func syntheticTensorsAgree() throws {
        let (checked, mismatches) = try Self.compare(csv: Self.fixtures.appendingPathComponent("ww_synthetic.csv"),
                                                     file: Self.fixtures.appendingPathComponent("ww_synthetic.safetensors"))
        #expect(checked == 6)
        #expect(mismatches.isEmpty, "\(mismatches.joined(separator: "\n"))")
    }

    /// The real model, when present: WEIGHTLAB_REAL_MODEL, else the cache scripts/real-model fills
    /// (WEIGHTLAB_CACHE, default .cache in the checkout). Skipped without it: tests never download.
    static var realModel: URL? {
        let env = ProcessInfo.processInfo.environment
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let cache = env["WEIGHTLAB_CACHE"].map { URL(fileURLWithPath: $0, relativeTo: root) } ?? root.appendingPathComponent(".cache")
        let candidates = [env["WEIGHTLAB_REAL_MODEL"].map { URL(fileURLWithPath: $0) },
                          cache.appendingPathComponent("all-MiniLM-L6-v2/model.safetensors")]
        return candidates.compactMap { $0 }.first { FileManager.default.fileExists(atPath: $0.path) }
    }

    @Test(.enabled(if: realModel != nil, "all-MiniLM-L6-v2 not on this machine: run scripts/real-model (or set WEIGHTLAB_REAL_MODEL)"))
    func miniLMAgrees() throws {
        let (checked, mismatches) = try Self.compare(csv: Self.fixtures.appendingPathComponent("ww_minilm.csv"), file: Self.realModel!)
        #expect(checked == 39)
        #expect(mismatches.isEmpty, "\(mismatches.joined(separator: "\n"))")
    }
}
