import Foundation
import Testing
@testable import Reporting

/// The figure writer: data and script text, atomic rendering with complete images only, the
/// overwrite rule, the missing-gnuplot fallback and the templates.
@Suite struct FigureWriterTests {
    func sampleFigure(name: String = "test_figure") -> Figure {
        let x = stride(from: -4.0, through: 4.0, by: 0.1).map { $0 }
        let y = x.map { exp(-$0 * $0 / 2) / (2 * Double.pi).squareRoot() }
        let left = Panel(title: "density", xLabel: "w / σ", yLabel: "p(w)",
                         series: [.band("±10 %", x: x, low: y.map { $0 * 0.9 }, high: y.map { $0 * 1.1 }), .line("N(0,1)", x: x, y: y)],
                         markers: [.init(x: 3, label: "3σ")])
        let right = Panel(title: "log density", xLabel: "w / σ", yLabel: "p(w)", logY: true,
                          series: [Series("points", style: .points, columns: [x, y], look: .role(.theory))])
        return Figure(name: name, title: "A test figure", subtitle: "seed 1, gaussian(sigma=1)", panels: [left, right],
                      legend: [.legendEntry("shared", style: .lines, look: .palette(2))], columns: 2)
    }

    func temporaryDirectory() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("wl-fig-\(UUID().uuidString)")
    }

    func contents(_ dir: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).sorted()
    }

    /// A shell script standing in for gnuplot.
    func fakeGnuplot(_ body: String, in dir: URL) throws -> String {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent("fake-gnuplot")
        try Data("#!/bin/sh\n\(body)\n".utf8).write(to: url)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
        return url.path
    }

    @Test func dataFileHoldsEverySeriesInOrder() {
        let text = FigureWriter().dataFile(sampleFigure())
        #expect(text.components(separatedBy: "# index ").count == 4)  // three series
        #expect(text.contains("# index 2: panel 2 'log density', series 'points'"))
    }

    @Test func scriptLoadsTheTemplatesAndUsesTheirStyles() {
        let script = FigureWriter().scriptFile(sampleFigure())
        #expect(script.contains("load 'templates/style.gp'"))
        #expect(script.contains("ls \(Series.Role.theory.rawValue)"))
        #expect(script.contains("if (!exists(\"wl_output\")) wl_output = \"test_figure\""))
        // No colours are hard-coded in the script: they come from the templates.
        #expect(!script.contains("rgb '#"))
    }

    @Test func rendersCompletePNGAndWellFormedSVGAtomically() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let batch = try FigureWriter().write([sampleFigure()], to: dir)
        try #require(batch.notRendered == nil, "gnuplot must be installed (scripts/setup installs gnuplot-nox)")
        let chunks = try ImageCheck.pngChunks(Data(contentsOf: dir.appendingPathComponent("test_figure.png")))
        #expect(chunks.first == "IHDR" && chunks.last == "IEND" && chunks.contains("IDAT"))
        let svg = try Data(contentsOf: dir.appendingPathComponent("test_figure.svg"))
        #expect(ImageCheck.problem(svg, format: "svg") == nil)
        #expect(XMLWellFormed.check(svg), "test_figure.svg is not well-formed XML")
        // Nothing but the outputs: no temporary render files.
        #expect(contents(dir) == ["templates", "test_figure.dat", "test_figure.gp", "test_figure.png", "test_figure.svg"])
        #expect(contents(dir.appendingPathComponent("templates")) == ["style.gp"])
    }

    @Test func pngCheckRejectsTruncatedAndCorruptFiles() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try FigureWriter().write([sampleFigure()], to: dir)
        let png = try Data(contentsOf: dir.appendingPathComponent("test_figure.png"))
        // Cut anywhere (inside a chunk, between chunks, just before IEND's CRC): not complete.
        for cut in [8, 33, png.count / 2, png.count - 12, png.count - 1] {
            #expect(ImageCheck.problem(png.prefix(cut), format: "png") != nil, "cut at \(cut) of \(png.count)")
        }
        var corrupt = png
        corrupt[png.count / 2] ^= 0xFF
        #expect(ImageCheck.problem(corrupt, format: "png")?.contains("CRC") == true)
        #expect(ImageCheck.problem(png + Data([0]), format: "png") != nil)
        let svg = try Data(contentsOf: dir.appendingPathComponent("test_figure.svg"))
        #expect(ImageCheck.problem(svg.prefix(svg.count - 20), format: "svg") != nil)
        #expect(ImageCheck.problem(Data(), format: "svg") != nil)
    }

    @Test func existingOutputsAreKeptUnlessOverwriting() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try FigureWriter().write([sampleFigure()], to: dir)
        let before = try Data(contentsOf: dir.appendingPathComponent("test_figure.png"))
        var changed = sampleFigure()
        changed.title = "Changed"
        #expect(throws: FigureError.outputExists(file: dir.appendingPathComponent("test_figure.dat").path)) {
            try FigureWriter().write([changed], to: dir)
        }
        #expect(try Data(contentsOf: dir.appendingPathComponent("test_figure.png")) == before)
        #expect(!(try String(contentsOf: dir.appendingPathComponent("test_figure.gp"), encoding: .utf8)).contains("Changed"))
        _ = try FigureWriter(overwrite: true).write([changed], to: dir)
        #expect((try String(contentsOf: dir.appendingPathComponent("test_figure.gp"), encoding: .utf8)).contains("Changed"))
    }

    @Test func gnuplotFailureIsAnErrorAndLeavesNoImage() throws {
        let dir = temporaryDirectory(), bin = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir); try? FileManager.default.removeItem(at: bin) }
        let failing = try fakeGnuplot("echo 'line 3: unknown command' >&2; exit 1", in: bin)
        #expect {
            try FigureWriter(gnuplot: failing).write([sampleFigure()], to: dir)
        } throws: { error in
            guard case let .gnuplotFailed(script, status, message) = error as? FigureError else { return false }
            return script.hasSuffix("test_figure.gp") && status.contains("exit status 1") && message.contains("unknown command")
        }
        #expect(!contents(dir).contains { $0.hasSuffix(".png") || $0.hasSuffix(".svg") || $0.hasPrefix(".") })
    }

    /// gnuplot that "succeeds" but leaves a truncated PNG (as on a full disk): an error naming
    /// the PNG, and neither it nor the temporary file is left.
    @Test func truncatedImageIsAnErrorAndLeavesNoPartialFile() throws {
        let dir = temporaryDirectory(), bin = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir); try? FileManager.default.removeItem(at: bin) }
        _ = try FigureWriter().write([sampleFigure(name: "good")], to: bin.appendingPathComponent("ref"))
        let good = bin.appendingPathComponent("ref/good.png").path
        // $2 is "wl_output='STEM'; wl_formats='png svg'": write STEM.png cut short, and a complete SVG.
        let truncating = try fakeGnuplot("""
            stem=$(printf '%s' "$2" | sed "s/^wl_output='\\\\([^']*\\\\)'.*/\\\\1/")
            head -c 5000 '\(good)' > "$stem.png"
            cp '\(bin.appendingPathComponent("ref/good.svg").path)' "$stem.svg"
            exit 0
            """, in: bin)
        #expect {
            try FigureWriter(gnuplot: truncating).write([sampleFigure()], to: dir)
        } throws: { error in
            guard case let .incompleteImage(file, _) = error as? FigureError else { return false }
            return file == dir.appendingPathComponent("test_figure.png").path
        }
        #expect(!contents(dir).contains { $0.hasSuffix(".png") || $0.hasSuffix(".svg") || $0.hasPrefix(".") }, "\(contents(dir))")
    }

    @Test func missingGnuplotStillWritesDataScriptsAndTemplates() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let figures = [sampleFigure(), sampleFigure(name: "second")]
        let batch = try FigureWriter(gnuplot: "/nonexistent/gnuplot").write(figures, to: dir)
        #expect(batch.outputs.allSatisfy { $0.images.isEmpty })
        let message = try #require(batch.notRendered)
        #expect(message.contains("cd \(dir.path) && for f in *.gp; do gnuplot \"$f\"; done"), "\(message)")
        #expect(message.contains("2 figures"))
        #expect(contents(dir) == ["second.dat", "second.gp", "templates", "test_figure.dat", "test_figure.gp"])
    }

    /// The templates in the binary are the files of Plots/templates, and every kind of figure the
    /// builders make has one.
    @Test func embeddedTemplatesAreThePlotsTemplates() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Plots/templates")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".gp") }.sorted()
        #expect(PlotTemplates.names == files)
        for f in files {
            #expect(PlotTemplates.text(f) == (try String(contentsOf: folder.appendingPathComponent(f), encoding: .utf8)), "\(f)")
        }
        let kinds = ["claims", "histograms", "qq", "spectrum", "std_by_depth", "cullen_frey", "weibull", "filters", "depth_profiles",
                     "merging", "sigma_gap", "shapes", "kurtosis_rank", "filters_histograms"]
        for k in kinds { #expect(PlotTemplates.kindFile(k) != nil, "no template for \(k)") }
    }

    /// Explicit tic labels are format strings to gnuplot: a category named "weak +1 %" must still
    /// render (it once failed with "Bad format character") and show its percent sign.
    @Test func percentInCategoryLabelsRenders() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let panel = Panel(title: "growth of 1 %", xLabel: "case", yLabel: "ratio", xTics: [.init(1, "weak +1 %, 12 layers"), .init(2, "100% dense")],
                          rotateXTics: true, series: [.line("ratio", x: [1, 2], y: [1, 1.01])])
        let figure = Figure(name: "percent", title: "95 % CI", subtitle: "seed 1", panels: [panel])
        #expect(FigureWriter().scriptFile(figure).contains("\"weak +1 %%, 12 layers\" 1"))
        let batch = try FigureWriter().write([figure], to: dir)
        try #require(batch.notRendered == nil, "gnuplot must be installed (scripts/setup installs gnuplot-nox)")
        let svg = try String(contentsOf: dir.appendingPathComponent("percent.svg"), encoding: .utf8)
        #expect(svg.contains("weak +1 %, 12 layers"))
    }

    @Test func enhancedTextOperatorsAreShownLiterally() {
        #expect(GnuplotScript.escape("a_b^c{d}@e&f~g") == "a\\\\_b\\\\^c\\\\{d\\\\}\\\\@e\\\\&f\\\\~g")
        #expect(GnuplotScript.escape("say \"hi\"") == "say \\\"hi\\\"")
    }

    /// The legend goes to a corner without data, and when every corner holds data the y range
    /// grows so that it sits above them.
    @Test func legendAvoidsTheData() {
        let x = (0...50).map { Double($0) / 50 }
        let rising = Panel(xLabel: "x", yLabel: "y", series: [.line("rising", x: x, y: x)])
        #expect(["top left", "bottom right"].contains(PanelLayout.resolve(rising, width: 600, height: 400).key ?? ""))
        let everywhere = Panel(xLabel: "x", yLabel: "y", series: [.line("up", x: x, y: x), .line("down", x: x, y: x.map { 1 - $0 }),
                                                                   .line("top", x: x, y: x.map { _ in 1 }), .line("bottom", x: x, y: x.map { _ in 0 })])
        let layout = PanelLayout.resolve(everywhere, width: 600, height: 400)
        #expect(layout.yRange.upperBound > 1.2, "\(layout.yRange)")
        #expect(layout.key?.hasPrefix("top") == true)
    }

    @Test func narrowLogAxesGetTicks() {
        for range in [0.002...0.009, 0.0021...0.0049, 0.0195...0.0205] {
            let tics = GnuplotScript.logTics(range) ?? []
            #expect(tics.count >= 3 && tics.allSatisfy(range.contains), "\(range): \(tics)")
        }
        #expect(GnuplotScript.logTics(1e-6...1) == nil)
    }
}
