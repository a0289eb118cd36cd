import Foundation
import TensorIO

/// Writes a ``Figure`` as data + gnuplot script side by side and renders it by calling gnuplot.
///
/// ```
/// DIR/name.dat   one block per series (blank-line separated, addressed by `index i`)
/// DIR/name.gp    loops over the terminals: pngcairo → name.png, svg → name.svg (pdfcairo → name.pdf)
/// ```
/// When gnuplot is missing the data and script are still written and the result says how to
/// render them.
public struct FigureWriter: Sendable {
    /// The gnuplot executable (looked up on PATH when not absolute).
    public var gnuplot: String

    public init(gnuplot: String = "gnuplot") {
        self.gnuplot = gnuplot
    }

    /// What was written for one figure.
    public struct Output: Sendable, Equatable {
        public var data: URL
        public var script: URL
        /// Rendered images (empty when gnuplot is not available).
        public var images: [URL]
        /// Why nothing was rendered, with the command to do it by hand; nil on success.
        public var notRendered: String?
    }

    /// Writes and renders `figure` into `directory` (created if needed).
    public func write(_ figure: Figure, to directory: URL) throws -> Output {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let data = directory.appendingPathComponent(figure.name + ".dat")
        let script = directory.appendingPathComponent(figure.name + ".gp")
        try AtomicFile.write(Data(dataFile(figure).utf8), to: data)
        try AtomicFile.write(Data(scriptFile(figure).utf8), to: script)
        var formats = ["png", "svg"]
        if figure.pdf { formats.append("pdf") }
        let images = formats.map { directory.appendingPathComponent(figure.name + "." + $0) }
        guard let executable = Self.locate(gnuplot) else {
            return Output(data: data, script: script, images: [],
                          notRendered: "gnuplot was not found; render with: cd \(directory.path) && gnuplot \(figure.name).gp")
        }
        let process = Process()
        process.executableURL = executable
        process.arguments = [figure.name + ".gp"]
        process.currentDirectoryURL = directory
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw FigureError.gnuplotFailed(script: script.path, status: process.terminationStatus,
                                            message: String(decoding: message, as: UTF8.self))
        }
        return Output(data: data, script: script, images: images, notRendered: nil)
    }

    // MARK: Text

    /// The data file: one block per series, in panel order.
    public func dataFile(_ figure: Figure) -> String {
        var out = "# \(figure.title)\n# \(figure.subtitle)\n"
        var block = 0
        for (p, panel) in figure.panels.enumerated() {
            for s in panel.series {
                out += "\n\n# index \(block): panel \(p + 1) '\(panel.title)', series '\(s.label)'\n"
                for r in 0..<s.count {
                    out += s.columns.map { Self.number($0[r]) }.joined(separator: " ") + "\n"
                }
                if s.count == 0 { out += "nan nan\n" }
                block += 1
            }
        }
        return out
    }

    /// The gnuplot script.
    public func scriptFile(_ figure: Figure) -> String {
        let width = figure.panelWidth * figure.columns
        let height = figure.panelHeight * figure.rows + 60
        var terminals: [(String, String)] = [
            ("png", "set terminal pngcairo size \(width),\(height) enhanced font 'DejaVu Sans,11' background rgb 'white'"),
            ("svg", "set terminal svg size \(width),\(height) enhanced font 'DejaVu Sans,11' background rgb 'white'"),
        ]
        if figure.pdf {
            terminals.append(("pdf", "set terminal pdfcairo size \(Double(width) / 100)in,\(Double(height) / 100)in enhanced font 'DejaVu Sans,9'"))
        }
        var s = """
        # \(figure.title)
        # \(figure.subtitle)
        # Written by WeightLab; data in \(figure.name).dat. Run: gnuplot \(figure.name).gp
        set encoding utf8
        set style fill transparent solid 0.25 noborder
        set grid lc rgb '#dddddd'
        set border lc rgb '#444444'
        set datafile missing 'nan'

        """
        for (ext, terminal) in terminals {
            s += "\(terminal)\nset output '\(figure.name).\(ext)'\n"
            s += "set multiplot layout \(figure.rows),\(figure.columns) title \"\(Self.escape(figure.title))\\n{/*0.8 \(Self.escape(figure.subtitle))}\"\n"
            var block = 0
            for panel in figure.panels {
                s += panelCommands(panel, firstBlock: block, file: figure.name + ".dat")
                block += panel.series.count
            }
            s += "unset multiplot\nset output\n\n"
        }
        return s
    }

    private func panelCommands(_ panel: Panel, firstBlock: Int, file: String) -> String {
        var s = "reset session\nset encoding utf8\nset style fill transparent solid 0.25 noborder\nset grid lc rgb '#dddddd'\nset datafile missing 'nan'\n"
        s += "set title \"\(Self.escape(panel.title))\"\n"
        s += "set xlabel \"\(Self.escape(panel.xLabel))\"\nset ylabel \"\(Self.escape(panel.yLabel))\"\n"
        s += panel.logX ? "set logscale x\nset format x '%g'\n" : ""
        s += panel.logY ? "set logscale y\nset format y '10^{%T}'\n" : ""
        if let r = panel.xRange { s += "set xrange [\(Self.number(r.lowerBound)):\(Self.number(r.upperBound))]\n" }
        if let r = panel.yRange { s += "set yrange [\(Self.number(r.lowerBound)):\(Self.number(r.upperBound))]\n" }
        s += panel.key == "off" ? "unset key\n" : "set key \(panel.key) box opaque samplen 2 font ',9'\n"
        for (i, m) in panel.markers.enumerated() {
            s += "set arrow \(i + 1) from first \(Self.number(m.x)), graph 0 to first \(Self.number(m.x)), graph 1 nohead dt 2 lw 1.5 lc rgb '#d62728'\n"
            s += "set label \(i + 1) \"\(Self.escape(m.label))\" at first \(Self.number(m.x)), graph 0.5 right rotate by 90 offset -0.5,0 font ',9' tc rgb '#d62728'\n"
        }
        guard !panel.series.isEmpty else { return s + "plot NaN notitle\n" }
        var clauses: [String] = []
        for (i, series) in panel.series.enumerated() {
            let index = firstBlock + i
            let using: String
            switch series.style {
            case .band: using = "1:2:3"
            case .errorBars, .errorLines: using = series.columns.count >= 4 ? "1:2:3:4" : "1:2:3"
            default: using = "1:2"
            }
            var clause = "'\(file)' index \(index) using \(using) with \(series.style.rawValue)"
            if series.style != .band { clause += " lw \(Self.number(series.width)) dt \(series.dash)" }
            if series.style == .points || series.style == .linesPoints { clause += " pt 7 ps 0.6" }
            if let c = series.color { clause += " lc rgb '\(c)'" }
            clause += series.label.isEmpty ? " notitle" : " title \"\(Self.escape(series.label))\""
            clauses.append(clause)
        }
        return s + "plot " + clauses.joined(separator: ", \\\n     ") + "\n"
    }

    static func number(_ x: Double) -> String {
        if x.isNaN || x.isInfinite { return "nan" }
        return String(format: "%.9g", x)
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "_", with: "\\\\_")
    }

    static func locate(_ name: String) -> URL? {
        if name.hasPrefix("/") { return FileManager.default.isExecutableFile(atPath: name) ? URL(fileURLWithPath: name) : nil }
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(dir)).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }
}
