import Analysis
import Distributions
import Foundation
import GSLKit
import TensorIO
import Testing
@testable import ScenarioKit

/// The metric catalogue is the one list of metric names: the values it reads from a typed report
/// equal the numeric leaves of the report's JSON (so renaming a JSON key without the catalogue
/// fails here), experiments emit exactly the quantities they declare, and the README table is the
/// catalogue's.
@Suite struct MetricCatalogueTests {
    /// Every numeric leaf of the report's JSON under its dotted key path (lists, strings and the
    /// `eigenvalues` left out), plus the two derived families, as the scenario runner read metrics
    /// before the catalogue: the independent oracle of ``MetricCatalogue/values(of:)``.
    static func jsonLeaves(_ report: TensorReport) throws -> [String: Double] {
        let encoder = JSONEncoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let object = try JSONSerialization.jsonObject(with: try encoder.encode(report))
        var out: [String: Double] = [:]
        func walk(_ value: Any, _ prefix: String) {
            switch value {
            case let d as [String: Any]:
                for (k, v) in d where k != "eigenvalues" { walk(v, prefix.isEmpty ? k : prefix + "." + k) }
            case let n as NSNumber: out[prefix] = n.doubleValue
            case let s as String:
                if let v = ["nan": Double.nan, "inf": .infinity, "-inf": -.infinity][s] { out[prefix] = v }
            default: break
            }
        }
        walk(object, "")
        if let best = report.bestFit { for law in MetricCatalogue.candidateLaws { out["best_fit.\(law)"] = law == best ? 1 : 0 } }
        let k = KurtosisTest.test(excessKurtosis: report.excessKurtosis, n: report.count - report.nanCount - report.infCount)
        out["kurtosis_test.statistic"] = k.z
        out["kurtosis_test.p_value"] = k.p
        return out
    }

    /// Reports that between them carry every part: a Gaussian matrix in a layer, a heavy-tailed
    /// matrix with exact zeros and outliers (W* fit, `pi0`, the non-zero Weibull), a vector.
    static func reports() throws -> [TensorReport] {
        let engine = RandomEngine(seed: 7)
        let gauss = try Gaussian(sigma: 0.02).samples(32 * 64, using: engine).map(Float.init)
        var heavy = try StudentT(nu: 3, scale: 0.02).samples(64 * 128, using: engine).map(Float.init)
        for i in stride(from: 0, to: heavy.count, by: 5) { heavy[i] = 0 }
        for i in stride(from: 3, to: heavy.count, by: 701) { heavy[i] = i % 2 == 0 ? 0.9 : -0.8 }
        let vector = try Gaussian(sigma: 1).samples(500, using: engine).map(Float.init)
        let inputs: [(String, [Int], [Float])] = [("layers.3.gauss", [32, 64], gauss), ("heavy", [64, 128], heavy), ("bias", [500], vector)]
        return try inputs.map { name, shape, values in
            try values.withUnsafeBufferPointer { (p) throws(AnalysisError) in try TensorAnalyzer.analyze(name: name, shape: shape, dtype: .plain(.f32), values: p) }
        }
    }

    /// Equal, or within 8 ulps: Foundation's JSONSerialization does not round every decimal to the
    /// nearest double (measured: off by 1–2 ulps on about half the fractional values), so the JSON
    /// walk the runner used before the catalogue perturbed metrics in their last bits; the
    /// catalogue reads the exact doubles. A renamed key or a wrong field differs by far more.
    static func same(_ json: Double, _ exact: Double) -> Bool {
        if json.bitPattern == exact.bitPattern || (json.isNaN && exact.isNaN) { return true }
        return json.isFinite && exact.isFinite && abs(json - exact) <= 8 * exact.ulp
    }

    /// Both ways: every JSON leaf is a catalogue metric with the same value, every catalogue value
    /// is a JSON leaf; and together the reports exercise every tensor metric of the analysis.
    @Test func catalogueEqualsTheReportJSON() throws {
        var seen: Set<String> = []
        for report in try Self.reports() {
            let leaves = try Self.jsonLeaves(report)
            let values = Dictionary(uniqueKeysWithValues: MetricCatalogue.values(of: report))
            let undeclared = Set(leaves.keys).subtracting(values.keys).sorted()
            let stale = Set(values.keys).subtracting(leaves.keys).sorted()
            #expect(undeclared.isEmpty, "\(report.name): report keys the catalogue does not declare: \(undeclared)")
            #expect(stale.isEmpty, "\(report.name): catalogue names the report JSON does not have: \(stale)")
            for (k, v) in leaves { if let w = values[k] { #expect(Self.same(v, w), "\(report.name) \(k): JSON \(v), catalogue \(w)") } }
            seen.formUnion(leaves.keys)
        }
        let unexercised = MetricCatalogue.tensor.map(\.metric.name).filter { !seen.contains($0) }
        #expect(unexercised.isEmpty, "catalogue metrics no test report carries: \(unexercised)")
    }

    /// Names are unique within each scope and producer, and every family has a placeholder.
    @Test func namesAreUnique() {
        var seen: Set<String> = []
        for m in MetricCatalogue.all {
            #expect(seen.insert("\(m.scope) \(m.source) \(m.name)").inserted, "\(m.name) declared twice")
            #expect(!m.doc.isEmpty && !m.name.contains(" "), "\(m.name)")
        }
        #expect(TrainMetrics.trainAt.named(40) == "loss.train_at_40")
        #expect(LlamaMetrics.trainAt.named("pretrain", 8) == "loss.pretrain.train_at_8")
    }

    /// The quantities the report summarises are catalogue metrics.
    @Test func summarisedQuantitiesAreDeclared() {
        let names = Set(MetricCatalogue.all.map(\.name))
        #expect(ScenarioRunner.summarised.subtracting(names).isEmpty, "\(ScenarioRunner.summarised.subtracting(names).sorted())")
    }

    static let experiments: [(String, String)] = [
        ("train", "train: {architecture: relu, widths: [6, 8, 8, 3], adapter: noise, steps: 12, batch: 8, train_size: 32, test_size: 16, record_steps: [4, 8]}"),
        ("merge", "merge: {shape: 16x24, task_sigma: 0.01, tasks: 3}"),
        ("sigma_gap", "sigma_gap: {shape: 16x24, gap: 0.5, test_size: 32}"),
    ]

    /// One replicate of each quantity-producing kind emits exactly the quantities its catalogue
    /// entries expand to for its settings (both ways).
    @Test(arguments: experiments) func experimentsEmitWhatTheyDeclare(kind: String, experiment: String) throws {
        let text = "name: emit\nseed: 5\nreplicates: 3\nexperiment:\n  \(experiment)\nclaims:\n  - {name: n, metric: diverged, expect: {at_most: 1}}\n"
        let scenario = try ScenarioLoader.parse(text, file: "e.yaml")
        let runner = ScenarioRunner(scenario: scenario, threads: 1, version: "test")
        let emitted = Set(try runner.output(caseIndex: 0, replicate: 0).quantities.map(\.0))
        let declared = Set(scenario.caseExperiments[0].experimentQuantities)
        #expect(emitted == declared, "\(kind): emitted but not declared \(emitted.subtracting(declared).sorted()); declared but not emitted \(declared.subtracting(emitted).sorted())")
    }

    /// The README's metric table is `weightlab scenario metrics --markdown`, between its markers.
    @Test func readmeTableIsTheCatalogue() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let begin = "<!-- metrics:begin (weightlab scenario metrics --markdown) -->\n", end = "<!-- metrics:end -->"
        let start = try #require(readme.range(of: begin)), stop = try #require(readme.range(of: end))
        #expect(String(readme[start.upperBound..<stop.lowerBound]) == MetricCatalogue.markdown, "run scripts/readme-metrics.sh")
    }
}
