import Foundation
import Testing

/// Figures from `analyze --plots` and `plot`: complete images, data files that hold the numbers of
/// the report they were drawn from, the --force rule, a full disk and a missing gnuplot.
@Suite(.serialized) struct PlotCommandTests {
    static let analysisFigures = ["cullen_frey", "depth_profiles", "filters", "histograms", "histograms_log", "qq", "spectrum",
                                  "filters_histograms", "weibull"]

    /// Four 128×256 layers of a generalised Gaussian (a little heavier-tailed than the normal).
    static func model(in dir: TempDir) throws -> String {
        let model = dir.file("m.safetensors").path
        let r = try CLI.run(["sample", "--dist", "gennorm(beta=1.2, scale=0.02)", "--shape", "128x256", "--layers", "4", "--seed", "5",
                             "--quiet", "--output", model])
        #expect(r.status == 0, "\(r.stderr)")
        return model
    }

    /// Every figure's data, script and complete images; the templates beside them.
    static func expectComplete(_ names: [String], in folder: URL) {
        for name in names {
            let base = folder.appendingPathComponent(name)
            #expect(FigureFiles.pngProblem(base.appendingPathExtension("png")) == nil,
                    "\(name).png: \(FigureFiles.pngProblem(base.appendingPathExtension("png")) ?? "")")
            #expect(FigureFiles.isSVG(base.appendingPathExtension("svg")), "\(name).svg is not a well-formed SVG")
            #expect(FileManager.default.fileExists(atPath: base.appendingPathExtension("dat").path), "\(name).dat")
            let script = (try? String(contentsOf: base.appendingPathExtension("gp"), encoding: .utf8)) ?? ""
            #expect(script.contains("load 'templates/style.gp'"), "\(name).gp")
        }
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("templates/style.gp").path))
    }

    @Test func analysisFiguresHoldTheReportsNumbers() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let model = try Self.model(in: dir)
        let r = try CLI.run(["analyze", model, "--json", dir.file("a.json").path, "--plots", dir.file("figs").path, "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: dir.file("a.json"))) as? [String: Any])
        let tensors = try #require(doc["tensors"] as? [[String: Any]])
        #expect(tensors.count == 4)
        Self.expectComplete(Self.analysisFigures, in: dir.file("figs"))
        func data(_ name: String) throws -> FigureFiles.DataFile { try FigureFiles.DataFile(dir.file("figs/\(name).dat")) }
        func number(_ t: [String: Any], _ path: String...) -> Double? {
            var node: Any? = t
            for key in path { node = (node as? [String: Any])?[key] }
            return node as? Double
        }

        // Cullen–Frey: one point per tensor at (skewness², excess kurtosis + 3).
        let cf = try #require(try data("cullen_frey").blocks("tensors").first).rows
        #expect(cf.count == tensors.count)
        for (row, t) in zip(cf, tensors) {
            let skew = try #require(number(t, "skewness")), kurt = try #require(number(t, "excess_kurtosis"))
            #expect(abs(row[0] - skew * skew) <= 1e-8 * max(1, skew * skew))
            #expect(abs(row[1] - (kurt + 3)) <= 1e-8 * (kurt + 3))
        }
        // Depth profiles, first panel: std against layer index.
        let depth = try data("depth_profiles").blocks.filter { $0.panel == 1 && $0.label != "Gaussian value" }.flatMap(\.rows)
        for t in tensors {
            let d = try #require(t["depth"] as? Int), std = try #require(number(t, "std"))
            #expect(depth.contains { Int($0[0]) == d && abs($0[1] - std) <= 1e-8 * std }, "std of depth \(d)")
        }
        // Filters: each tensor's kurtosis and KS distance before and after, in report order.
        let filters = try data("filters")
        for (label, panel, path) in [("all values", 1, ["excess_kurtosis"]), ("after the 3σ filter", 1, ["filters", "three_sigma", "excess_kurtosis"]),
                                     ("after the small-value filter", 1, ["filters", "small_values", "excess_kurtosis"]),
                                     ("all values", 3, ["ks", "statistic"]), ("after the 3σ filter", 3, ["filters", "three_sigma", "ks", "statistic"])] {
            let rows = try #require(filters.blocks(label).first { $0.panel == panel }).rows
            #expect(rows.count == tensors.count)
            for (row, t) in zip(rows, tensors) {
                var node: Any? = t
                for key in path { node = (node as? [String: Any])?[key] }
                let v = try #require(node as? Double, "\(path)")
                #expect(abs(row[1] - v) <= 1e-8 * max(abs(v), 1e-12), "\(label) \(path): \(row[1]) vs \(v)")
            }
        }
        let weibull = try data("weibull")
        let histograms = try data("histograms_log"), filterHistograms = try data("filters_histograms"), spectrum = try data("spectrum")
        for (i, t) in tensors.enumerated() {
            let name = try #require(t["name"] as? String)
            let n = Double(try #require(t["count"] as? Int))
            // Weibull: each panel's title carries the report's k.
            let k = try #require(number(t, "weibull_k")), lambda = try #require(number(t, "weibull_lambda"))
            let title = "\(name): k = \(String(format: "%.3f", k)), λ = \(String(format: "%.3g", lambda))"
            #expect(weibull.blocks.contains { $0.panelTitle == title }, "\(title)")
            // Histograms: the area is the non-zero share and the mass beyond 3σ the report's tail
            // fraction (every value lies within the ±half-width axis: none is listed beyond it).
            let bins = try #require(histograms.blocks.first { $0.panel == i + 1 && $0.label == "weights" }).rows
            let width = bins[1][0] - bins[0][0]
            let h = bins.filter { $0[1].isFinite }  // empty bins are NaN on the log scale
            let area = h.reduce(0) { $0 + $1[1] } * width
            #expect(abs(area - (1 - number(t, "sparsity")!)) <= 0.5 / n, "\(name): area \(area)")
            let tail = h.filter { abs($0[0]) > 3 }.reduce(0) { $0 + $1[1] } * width
            #expect(abs(tail - number(t, "tail_3sigma_fraction")!) <= 0.5 / n, "\(name): mass beyond 3σ \(tail)")
            // Filters: the area kept by each filter is the report's kept fraction.
            for (label, key) in [("kept by the 3σ filter", "three_sigma"), ("kept by the small-value filter", "small_values")] {
                // The block is the histogram's outline: tops joined by vertical steps, broken at empty bins.
                let rows = try #require(filterHistograms.blocks.first { $0.panel == i + 1 && $0.label == label }).rows
                let kept = zip(rows, rows.dropFirst()).reduce(0) { sum, pair in
                    pair.0[1].isFinite && pair.1[1].isFinite ? sum + (pair.1[0] - pair.0[0]) * (pair.0[1] + pair.1[1]) / 2 : sum
                }
                #expect(abs(kept - number(t, "filters", key, "kept_fraction")!) <= 0.5 / n, "\(name) \(key): \(kept)")
            }
            // Spectrum: the report's spike count in the title, the bulk's mass (m − spikes)/m in the
            // histogram, and the Marchenko–Pastur curve ending at λ+/σ̂².
            let spikes = try #require((t["spectrum"] as? [String: Any])?["spikes"] as? Int)
            let panel = try #require(spectrum.blocks.first { $0.panel == i + 1 && $0.label == "bulk eigenvalues" })
            #expect(panel.panelTitle == "\(name): \(spikes) spike\(spikes == 1 ? "" : "s")")
            let eig = panel.rows, m = 128.0
            let bulk = eig.reduce(0) { $0 + $1[1] } * (eig[1][0] - eig[0][0]) * m
            #expect(abs(bulk - (m - Double(spikes))) <= 1e-6, "\(name): bulk \(bulk)")
            let mp = try #require(spectrum.blocks.first { $0.panel == i + 1 && $0.label.hasPrefix("Marchenko") }).rows
            let edge = number(t, "spectrum", "lambda_plus")! / number(t, "spectrum", "mp_sigma2")!
            #expect(abs(mp.last![0] - edge) <= 1e-7 * edge)
        }

        // `plot` on the JSON redraws the report-derived figures with the same data.
        let p = try CLI.run(["plot", dir.file("a.json").path, "--output", dir.file("again").path, "--quiet"])
        #expect(p.status == 0, "\(p.stderr)")
        for name in ["cullen_frey", "depth_profiles", "filters"] {
            #expect(try Data(contentsOf: dir.file("again/\(name).dat")) == Data(contentsOf: dir.file("figs/\(name).dat")), "\(name).dat")
        }
    }

    /// `analyze --plots` and `plot --output` keep existing figures unless --force.
    @Test func existingFiguresNeedForce() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let model = try Self.model(in: dir)
        let figs = dir.file("figs")
        #expect(try CLI.run(["analyze", model, "--json", dir.file("a.json").path, "--quiet", "--moments-only"]).status == 0)
        let analyze = ["analyze", model, "--plots", figs.path, "--quiet", "--moments-only"]
        #expect(try CLI.run(analyze).status == 0)
        let before = try Data(contentsOf: figs.appendingPathComponent("cullen_frey.png"))
        try Data("edited".utf8).write(to: figs.appendingPathComponent("cullen_frey.gp"))
        let again = try CLI.run(analyze)
        #expect(again.status == 2, "\(again.stderr)")
        #expect(again.stderr.contains("--force") && again.stderr.contains(figs.path), "\(again.stderr)")
        #expect(try String(contentsOf: figs.appendingPathComponent("cullen_frey.gp"), encoding: .utf8) == "edited")
        #expect(try Data(contentsOf: figs.appendingPathComponent("cullen_frey.png")) == before)
        let forced = try CLI.run(analyze + ["--force"])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(try String(contentsOf: figs.appendingPathComponent("cullen_frey.gp"), encoding: .utf8).contains("load 'templates/style.gp'"))

        let plot = ["plot", dir.file("a.json").path, "--output", figs.path, "--quiet"]
        let refused = try CLI.run(plot)
        #expect(refused.status == 2 && refused.stderr.contains("--force"), "\(refused.stderr)")
        #expect(try CLI.run(plot + ["--force"]).status == 0)
        Self.expectComplete(["cullen_frey", "depth_profiles"], in: figs)
    }

    /// A full disk while `analyze --plots` renders (the file-size limit of a child shell, as in
    /// SampleCommandTests): exit 2 naming the file, and every file left behind is complete —
    /// images parse, the data and scripts equal those of an unlimited run, no temporary files.
    /// Not under ThreadSanitizer: its runtime dies of SIGBUS at start-up under a file-size limit
    /// below about 350 KB, before any WeightLab code runs, and every image here is smaller than
    /// that (the normal and AddressSanitizer runs cover it).
    @Test(.disabled(if: CLI.threadSanitizerIsLoaded, "a ThreadSanitizer runtime cannot start under a 100 KB file-size limit"))
    func fullDiskDuringPlotsLeavesNoPartialFile() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let model = try Self.model(in: dir)
        let reference = try CLI.run(["analyze", model, "--plots", dir.file("ref").path, "--quiet"])
        #expect(reference.status == 0, "\(reference.stderr)")
        let figs = dir.file("figs")
        // 200 blocks of 512 bytes: more than the data files, less than the larger images.
        let command = "trap '' XFSZ; ulimit -f 200; exec '\(CLI.binary.path)' analyze '\(model)' --plots '\(figs.path)' --quiet"
        let (status, stderr) = try FigureFiles.shell(command)
        #expect(status == 2, "status \(status): \(stderr)")
        #expect(stderr.contains(figs.path) && stderr.contains("cannot write"), "\(stderr)")
        let left = (try? FileManager.default.contentsOfDirectory(atPath: figs.path)) ?? []
        #expect(!left.contains { $0.hasPrefix(".") }, "temporary files left: \(left)")
        for file in left where !file.hasPrefix(".") && file != "templates" {
            let url = figs.appendingPathComponent(file)
            switch url.pathExtension {
            case "png": #expect(FigureFiles.pngProblem(url) == nil, "\(file): \(FigureFiles.pngProblem(url) ?? "")")
            case "svg": #expect(FigureFiles.isSVG(url), "\(file) is not a complete SVG")
            default: #expect(try Data(contentsOf: url) == Data(contentsOf: dir.file("ref/\(file)")), "\(file) differs from the unlimited run")
            }
        }
        // Something was rendered before the disk filled, and something was not.
        let images = left.filter { $0.hasSuffix(".png") || $0.hasSuffix(".svg") }
        #expect(!images.isEmpty && images.count < 2 * Self.analysisFigures.count, "\(images)")
    }

    /// Without gnuplot on PATH the data, scripts and templates are written, the run succeeds with
    /// a warning, and the command it gives renders every figure.
    @Test func missingGnuplotSaysHowToRenderEveryFigure() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let model = try Self.model(in: dir)
        let empty = dir.file("empty-bin")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let figs = dir.file("figs")
        let r = try FigureFiles.run(["analyze", model, "--plots", figs.path, "--quiet"], path: empty.path)
        #expect(r.status == 0, "\(r.stderr)")
        let how = "cd \(figs.path) && for f in *.gp; do gnuplot \"$f\"; done"
        #expect(r.stderr.contains("gnuplot was not found") && r.stderr.contains(how), "\(r.stderr)")
        let left = try FileManager.default.contentsOfDirectory(atPath: figs.path)
        #expect(!left.contains { $0.hasSuffix(".png") || $0.hasSuffix(".svg") })
        for name in Self.analysisFigures {
            #expect(left.contains(name + ".dat") && left.contains(name + ".gp"), "\(name)")
        }
        // The command from the message renders them all.
        let (status, stderr) = try FigureFiles.shell(how)
        #expect(status == 0, "\(stderr)")
        Self.expectComplete(Self.analysisFigures, in: figs)
    }

    @Test func plotDrawsAScenarioReportsClaims() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let scenario = dir.file("s.yaml")
        try Data("""
        name: plot-test
        seed: 3
        replicates: 13
        cases:
          grid:
            sigma: [0.5, 2]
        experiment:
          sample: {law: "gaussian(sigma=${sigma})", shape: 32x64}
        claims:
          - name: std recovers sigma
            metric: std
            statistic: mean
            expect: {equals: "sigma", within_se: 5}
        """.utf8).write(to: scenario)
        let run = try CLI.run(["run", scenario.path, "--output", dir.file("out").path, "--no-figures", "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        let report = dir.file("out/plot-test/report.json")
        let p = try CLI.run(["plot", report.path, "--output", dir.file("figs").path, "--quiet"])
        #expect(p.status == 0, "\(p.stderr)")
        Self.expectComplete(["claims"], in: dir.file("figs"))
        // The measured points of the claims figure are the claims' values in the report.
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: report)) as? [String: Any])
        let claims = try #require(doc["claims"] as? [[String: Any]])
        let measured = try #require(try FigureFiles.DataFile(dir.file("figs/claims.dat")).blocks("measured").first).rows
        #expect(measured.count == claims.count)
        for (row, c) in zip(measured, claims) {
            let v = try #require(c["value"] as? Double)
            #expect(abs(row[1] - v) <= 1e-8 * abs(v))
        }
        // The subtitle carries the seed and the spec (from the scenario.yaml beside the report).
        let script = try String(contentsOf: dir.file("figs/claims.gp"), encoding: .utf8)
        #expect(script.contains("seed 3") && script.contains("gaussian(sigma=${sigma})"), "\(script.prefix(400))")
    }

    @Test(arguments: [("{\"neither\": 1}", "neither a scenario report"), ("[1, 2", "not valid JSON"),
                      ("{\"tensors\": [{\"name\": 3}]}", "not an analysis report")])
    func badReportsExitTwoNamingTheFile(text: String, expected: String) throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        try Data(text.utf8).write(to: dir.file("bad.json"))
        let r = try CLI.run(["plot", dir.file("bad.json").path, "--output", dir.file("figs").path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("bad.json") && r.stderr.contains(expected), "\(r.stderr)")
    }
}
