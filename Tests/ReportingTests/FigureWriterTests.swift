import Foundation
import Testing
@testable import Reporting

@Suite struct FigureWriterTests {
    func sampleFigure() -> Figure {
        let x = stride(from: -4.0, through: 4.0, by: 0.1).map { $0 }
        let y = x.map { exp(-$0 * $0 / 2) / (2 * Double.pi).squareRoot() }
        let band = Series("±10 %", style: .band, columns: [x, y.map { $0 * 0.9 }, y.map { $0 * 1.1 }], color: "#1f77b4")
        let left = Panel(title: "density", xLabel: "w / σ", yLabel: "p(w)", series: [band, .line("N(0,1)", x: x, y: y, color: "#1f77b4")],
                         markers: [.init(x: 3, label: "3σ")])
        let right = Panel(title: "log density", xLabel: "w / σ", yLabel: "p(w)", logY: true,
                          series: [Series("points", style: .points, columns: [x, y])])
        return Figure(name: "test_figure", title: "A test figure", subtitle: "seed 1, gaussian(sigma=1)", panels: [left, right], columns: 2)
    }

    @Test func dataFileHoldsEverySeriesInOrder() {
        let text = FigureWriter().dataFile(sampleFigure())
        #expect(text.components(separatedBy: "# index ").count == 4)  // three series
        #expect(text.contains("# index 2: panel 2 'log density', series 'points'"))
    }

    @Test func rendersValidPNGAndSVG() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wl-fig-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = try FigureWriter().write(sampleFigure(), to: dir)
        try #require(out.notRendered == nil, "gnuplot must be installed (scripts/setup installs gnuplot-nox)")
        let png = try Data(contentsOf: dir.appendingPathComponent("test_figure.png"))
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        let svg = try String(contentsOf: dir.appendingPathComponent("test_figure.svg"), encoding: .utf8)
        #expect(svg.contains("<svg"))
        #expect(svg.contains("</svg>"))
    }

    @Test func missingGnuplotStillWritesDataAndScript() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wl-fig-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = try FigureWriter(gnuplot: "/nonexistent/gnuplot").write(sampleFigure(), to: dir)
        #expect(out.images.isEmpty)
        #expect(out.notRendered?.contains("gnuplot test_figure.gp") == true)
        #expect(FileManager.default.fileExists(atPath: out.data.path))
        #expect(FileManager.default.fileExists(atPath: out.script.path))
    }
}
