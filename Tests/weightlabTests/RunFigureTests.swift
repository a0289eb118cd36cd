import Foundation
import Testing

/// `weightlab run` with figures: small scenarios of each experiment kind that has figures of its
/// own; every expected figure is written complete, and its data file holds the report's numbers.
@Suite(.serialized) struct RunFigureTests {
    /// An open question never fails, so the runs exit 0 whatever the numbers.
    static let question = "expect: {evidence: {threshold: 1, above: \"high\", below: \"low\"}}"

    struct Run {
        let dir: TempDir
        let figures: URL
        let report: [String: Any]

        var summaries: [[String: Any]] { report["summaries"] as? [[String: Any]] ?? [] }

        /// The summary of a quantity for a tensor (kind suffix) in a case.
        func summary(_ quantity: String, case label: String, tensor: String? = nil) -> (mean: Double, sd: Double, n: Int)? {
            guard let s = summaries.first(where: { s in
                s["quantity"] as? String == quantity && s["case"] as? String == label && (tensor == nil || s["tensor"] as? String == tensor)
            }) else { return nil }
            return ((s["mean"] as? Double) ?? .nan, (s["sd"] as? Double) ?? .nan, (s["n"] as? Int) ?? 0)
        }

        func data(_ name: String) throws -> FigureFiles.DataFile { try FigureFiles.DataFile(figures.appendingPathComponent(name + ".dat")) }
    }

    /// Runs `yaml` (its `name:` is NAME) and checks that exactly `expected` figures were drawn.
    static func run(_ yaml: String, name: String, expected: [String]) throws -> Run {
        let dir = try TempDir()
        try Data(yaml.utf8).write(to: dir.file("s.yaml"))
        let r = try CLI.run(["run", dir.file("s.yaml").path, "--output", dir.file("out").path, "--quiet", "--threads", "2"])
        #expect(r.status == 0, "\(r.stderr)")
        let figures = dir.file("out/\(name)/figures")
        let drawn = ((try? FileManager.default.contentsOfDirectory(atPath: figures.path)) ?? []).filter { $0.hasSuffix(".png") }
            .map { String($0.dropLast(4)) }.sorted()
        #expect(drawn == expected.sorted(), "\(name): drew \(drawn)")
        PlotCommandTests.expectComplete(expected, in: figures)
        let markdown = (try? String(contentsOf: dir.file("out/\(name)/report.md"), encoding: .utf8)) ?? ""
        for f in expected { #expect(markdown.contains("figures/\(f).png"), "report.md lists \(f)") }
        let report = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: dir.file("out/\(name)/report.json"))) as? [String: Any])
        return Run(dir: dir, figures: figures, report: report)
    }

    /// t(0.975, 3): the 95 % interval of a mean of 4 replicates is mean ± 3.1824·sd/2.
    static let t975with3 = 3.182446305284263

    static func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-7) -> Bool { abs(a - b) <= tolerance * max(abs(b), 1e-12) }

    @Test func driftDrawsStdAgainstDepthWithBandsAndSchedule() throws {
        let run = try Self.run("""
            name: fig-drift
            seed: 11
            replicates: 4
            cases:
              - {schedule: "{linear: [0.001, 0.004]}", label: linear}
            experiment:
              drift:
                layers: 3
                shape: 32x32
                pretrained: gaussian(sigma=1)
                sigma0: 0.02
                delta: gaussian(sigma=1)
                sigma_delta: ${schedule}
            analysis: {fits: false, filters: false, iid: false}
            claims:
              - {name: ratio, metric: std_ratio, tensor: delta, \(Self.question)}
            """, name: "fig-drift", expected: ["claims", "std_by_depth", "cullen_frey", "histograms", "histograms_log", "qq", "spectrum"])
        defer { run.dir.cleanup() }
        let data = try run.data("std_by_depth")
        for (kind, name) in [("delta", "ΔW"), ("pretrained", "W0 (pre-trained)"), ("finetuned", "W = W0 + ΔW")] {
            let points = try #require(data.blocks("\(name): mean of 4").first, "\(kind)").rows
            let band = try #require(data.blocks("\(name): 95 % CI of the mean").first, "\(kind)").rows
            #expect(points.count == 3 && band.count == 3)
            for (p, b) in zip(points, band) {
                let s = try #require(run.summary("std", case: "linear", tensor: "layers.\(Int(p[0])).\(kind)"))
                #expect(Self.close(p[1], s.mean), "\(kind) depth \(p[0])")
                let half = Self.t975with3 * s.sd / 2
                #expect(Self.close(b[1], s.mean - half) && Self.close(b[2], s.mean + half), "\(kind) band at depth \(p[0])")
            }
        }
        let schedule = try #require(data.blocks("schedule σΔ").first).rows
        for row in schedule {
            let s = try #require(run.summary("schedule_std", case: "linear", tensor: "layers.\(Int(row[0])).delta"))
            #expect(Self.close(row[1], s.mean))
        }
    }

    @Test func lowRankDrawsKurtosisAgainstRankAndScreePlots() throws {
        let run = try Self.run("""
            name: fig-lora
            seed: 12
            replicates: 4
            cases:
              grid:
                r: [1, 4]
            experiment:
              low_rank:
                shape: 64x64
                rank: ${r}
            analysis: {fits: false, filters: false, iid: false}
            claims:
              - {name: kurtosis, metric: excess_kurtosis, \(Self.question)}
            """, name: "fig-lora", expected: ["claims", "kurtosis_rank", "cullen_frey", "histograms", "histograms_log", "qq", "spectrum"])
        defer { run.dir.cleanup() }
        let data = try run.data("kurtosis_rank")
        let measured = try #require(data.blocks.first { $0.panel == 1 && $0.label.hasPrefix("measured") }).rows
        #expect(measured.map { $0[0] } == [1, 4])
        for row in measured {
            let s = try #require(run.summary("excess_kurtosis", case: "r=\(Int(row[0]))"))
            let half = Self.t975with3 * s.sd / 2
            #expect(Self.close(row[1], s.mean) && Self.close(row[2], s.mean - half) && Self.close(row[3], s.mean + half))
        }
        let theory = try #require(data.blocks.first { $0.panel == 1 && $0.label == "6/r" }).rows
        #expect(theory.count > 100 && theory.allSatisfy { Self.close($0[1], 6 / $0[0], 1e-8) })
        // Scree plots: the rank in each title is the report's spike count (every replicate has rank r).
        let spectrum = try run.data("spectrum")
        for r in [1, 4] {
            let spikes = try #require(run.summary("spectrum.spikes", case: "r=\(r)"))
            #expect(spectrum.blocks.contains { $0.panelTitle == "r=\(r): rank \(Int(spikes.mean)) (scree plot)" }, "r=\(r)")
        }
    }

    @Test func sigmaGapAndMergingDrawTheirStudies() throws {
        let gap = try Self.run("""
            name: fig-gap
            seed: 13
            replicates: 4
            cases:
              grid:
                g: [0.1, 1.0]
            experiment:
              sigma_gap:
                shape: 32x32
                optimum: wstar(sigma=0.02, c=2.5)
                gap: ${g}
                test_size: 64
            claims:
              - {name: gap, metric: sigma_gap, \(Self.question)}
            """, name: "fig-gap", expected: ["claims", "sigma_gap"])
        defer { gap.dir.cleanup() }
        let measured = try #require(try gap.data("sigma_gap").blocks("measured").first).rows
        #expect(measured.count == 2)
        for (row, g) in zip(measured, ["g=0.1", "g=1.0"]) {
            let x = try #require(gap.summary("sigma_gap", case: g)), y = try #require(gap.summary("loss_gap", case: g))
            #expect(Self.close(row[0], x.mean) && Self.close(row[1], y.mean))
            #expect(Self.close(row[3] - row[1], Self.t975with3 * y.sd / 2, 1e-6))
        }
        let theory = try #require(try gap.data("sigma_gap").blocks("closed form").first).rows
        for (row, g) in zip(theory, ["g=0.1", "g=1.0"]) {
            #expect(Self.close(row[0], try #require(gap.summary("sigma_gap_theory", case: g)).mean))
            #expect(Self.close(row[1], try #require(gap.summary("loss_gap_theory", case: g)).mean))
        }

        let merge = try Self.run("""
            name: fig-merge
            seed: 14
            replicates: 4
            cases:
              grid:
                tasks: [2, 4]
            experiment:
              merge:
                shape: 32x32
                optimum: wstar(sigma=0.02, c=2.5)
                tasks: ${tasks}
                task_sigma: 0.01
                base_shrink: 0.8
                base_sigma: 0.002
                trim: 0.2
                amplify_quantile: 0.99
                gamma: 2
            claims:
              - {name: shrinkage, metric: noise_shrinkage_ratio, \(Self.question)}
            """, name: "fig-merge", expected: ["claims", "merging"])
        defer { merge.dir.cleanup() }
        let data = try merge.data("merging")
        for (label, method) in [("plain average", "average"), ("trim and sign-elect", "ties"), ("amplify largest", "amplify")] {
            for (panel, quantity) in [(1, "distance"), (2, "teacher_loss")] {
                let rows = try #require(data.blocks.first { $0.panel == panel && $0.label == label }, "\(label) \(quantity)").rows
                #expect(rows.map { $0[0] } == [2, 4])
                for row in rows {
                    let s = try #require(merge.summary("\(method).\(quantity)", case: "tasks=\(Int(row[0]))"))
                    #expect(Self.close(row[1], s.mean), "\(method).\(quantity)")
                }
            }
        }
    }

    @Test func mixturesDrawShapesAndFilters() throws {
        let run = try Self.run("""
            name: fig-mix
            seed: 15
            replicates: 4
            cases:
              grid:
                by: [row, element]
            experiment:
              sample:
                law: mixture(scale=lognormal(0, 0.5), by=${by}, sigma=0.02)
                shape: 64x128
            analysis: {fits: false}
            claims:
              - {name: kurtosis, metric: excess_kurtosis, \(Self.question)}
            """, name: "fig-mix", expected: ["claims", "filters", "cullen_frey", "histograms", "histograms_log", "qq", "spectrum", "shapes",
                                             "filters_histograms"])
        defer { run.dir.cleanup() }
        let filters = try run.data("filters")
        for (label, kurtosis, ks) in [("all values", "excess_kurtosis", "ks.statistic"),
                                      ("after the 3σ filter", "filters.three_sigma.excess_kurtosis", "filters.three_sigma.ks.statistic"),
                                      ("after the small-value filter", "filters.small_values.excess_kurtosis", "filters.small_values.ks.statistic")] {
            for (panel, quantity) in [(1, kurtosis), (2, ks)] {
                let rows = try #require(filters.blocks.first { $0.panel == panel && $0.label == label }, "\(label)").rows
                #expect(rows.count == 2)
                for (row, c) in zip(rows, ["by=row", "by=element"]) {
                    let s = try #require(run.summary(quantity, case: c), "\(quantity) \(c)")
                    let half = Self.t975with3 * s.sd / 2
                    #expect(Self.close(row[1], s.mean) && Self.close(row[3], s.mean + half), "\(quantity) \(c)")
                }
            }
        }
        // The shapes figure overlays both cases on the i.i.d. Gaussian, in each of its two panels.
        let shapes = try run.data("shapes")
        for panel in [1, 2] {
            #expect(Set(shapes.blocks.filter { $0.panel == panel }.map(\.label)) == ["i.i.d. Gaussian N(0, 1)", "by=row", "by=element"])
        }
    }

    /// A gnuplot that fails (here a stand-in on PATH that exits 1) is an error — exit 2, naming
    /// the figure — but the finished run's report is still written beside the checkpoint.
    @Test func failingGnuplotStillWritesTheReport() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let bin = dir.file("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let fake = bin.appendingPathComponent("gnuplot")
        try Data("#!/bin/sh\necho 'gnuplot: cannot render' >&2\nexit 1\n".utf8).write(to: fake)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fake.path)
        try Data("""
            name: fig-fail
            seed: 3
            replicates: 2
            experiment:
              sample: {law: gaussian(sigma=1), shape: 32x32}
            analysis: {fits: false, spectrum: false}
            claims:
              - {name: kurtosis, metric: excess_kurtosis, \(Self.question)}
            """.utf8).write(to: dir.file("s.yaml"))
        let r = try FigureFiles.run(["run", dir.file("s.yaml").path, "--output", dir.file("out").path, "--quiet"], path: "\(bin.path):/usr/bin:/bin")
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stderr.contains("gnuplot"), "\(r.stderr)")
        #expect(FileManager.default.fileExists(atPath: dir.file("out/fig-fail/report.json").path))
        #expect(FileManager.default.fileExists(atPath: dir.file("out/fig-fail/report.md").path))
        let pngs = ((try? FileManager.default.contentsOfDirectory(atPath: dir.file("out/fig-fail/figures").path)) ?? []).filter { $0.hasSuffix(".png") }
        #expect(pngs.isEmpty, "no partial image: \(pngs)")
    }
}
