import Foundation

/// The text of a figure's data file and gnuplot script.
///
/// The script sets the canvas from the panel grid, then for each output format draws a header
/// (title, subtitle, shared legend) and the panels, each after `reset` and loading
/// `templates/style.gp` and `templates/KIND.gp`, so styling lives in the templates. Run by hand it
/// writes `NAME.png` and `NAME.svg`; the figure writer passes `wl_output` (a temporary name) and
/// `wl_formats` with `-e`.
struct GnuplotScript: Sendable {
    let figure: Figure

    /// Header heights in pixels: the title line, each subtitle line, each legend row.
    static let titleHeight = 34, subtitleLineHeight = 17, legendRowHeight = 19

    /// The subtitle's lines, each wrapped (after ", " or "; ") to the figure's width.
    var subtitleLines: [String] {
        let chars = max(60, width * 10 / 78)
        return figure.subtitle.split(separator: "\n").flatMap { ScenarioFigures.wrap(String($0), width: chars) }
    }

    /// Legend entries per row and rows of the shared legend.
    var legendGrid: (perRow: Int, rows: Int) {
        guard !figure.legend.isEmpty else { return (0, 0) }
        let entryWidth = Double(figure.legend.map(\.label.count).max() ?? 0) * 6.8 + 95
        let perRow = max(1, min(figure.legend.count, Int(Double(width - 40) / entryWidth)))
        return (perRow, (figure.legend.count + perRow - 1) / perRow)
    }

    var width: Int { figure.panelWidth * figure.columns }
    var headerHeight: Int {
        Self.titleHeight + Self.subtitleLineHeight * subtitleLines.count + (legendGrid.rows > 0 ? Self.legendRowHeight * legendGrid.rows + 10 : 0) + 6
    }
    var height: Int { headerHeight + figure.panelHeight * figure.rows }

    /// Every panel's axes and legend.
    var layouts: [PanelLayout] {
        figure.panels.map { PanelLayout.resolve($0, width: figure.panelWidth, height: figure.panelHeight) }
    }

    // MARK: Data

    /// One block per series, in panel order, each introduced by `# index N: panel P 'title', series 'label'`.
    var data: String {
        var out = "# \(figure.title)\n" + subtitleLines.map { "# \($0)\n" }.joined()
        var block = 0
        for (p, panel) in figure.panels.enumerated() {
            for s in panel.series {
                let title = panel.title.replacingOccurrences(of: "\n", with: " — ")
                out += "\n\n# index \(block): panel \(p + 1) '\(title)', series '\(s.label)'\n"
                for r in 0..<s.count {
                    out += s.columns.map { Self.number($0[r]) }.joined(separator: " ") + "\n"
                }
                if s.count == 0 { out += "nan nan nan nan\n" }
                block += 1
            }
        }
        return out
    }

    // MARK: Script

    var text: String {
        let kind = PlotTemplates.kindFile(figure.kind)
        var formats = "png svg"
        if figure.pdf { formats += " pdf" }
        var s = """
        # \(figure.title)
        \(subtitleLines.map { "# \($0)" }.joined(separator: "\n"))
        # Written by WeightLab; the numbers are in \(figure.name).dat. Render in this folder with:
        #   gnuplot \(figure.name).gp
        # Restyle every figure here in \(PlotTemplates.folder)/\(PlotTemplates.style)\(kind.map { ", this kind in \(PlotTemplates.folder)/\($0)" } ?? "").
        if (!exists("wl_output")) wl_output = "\(figure.name)"
        if (!exists("wl_formats")) wl_formats = "\(formats)"
        wl_width = \(width)
        wl_height = \(height)
        load '\(PlotTemplates.folder)/\(PlotTemplates.style)'
        do for [wl_format in wl_formats] {
        if (wl_format eq "png") { set terminal pngcairo size wl_width,wl_height enhanced font wl_font background rgb wl_background }
        if (wl_format eq "svg") { set terminal svg size wl_width,wl_height enhanced font wl_font background rgb wl_background }
        if (wl_format eq "pdf") { set terminal pdfcairo size wl_width/100.0,wl_height/100.0 enhanced font wl_pdf_font background rgb wl_background }
        set output wl_output.'.'.wl_format
        set multiplot

        """
        s += header(kind: kind)
        let layouts = self.layouts
        var block = 0
        for (i, panel) in figure.panels.enumerated() {
            s += panelCommands(panel, index: i, layout: layouts[i], firstBlock: block, kind: kind)
            block += panel.series.count
        }
        s += "unset multiplot\nset output\n}\n"
        return s
    }

    private func load(kind: String?) -> String {
        "reset\nload '\(PlotTemplates.folder)/\(PlotTemplates.style)'\n" + (kind.map { "load '\(PlotTemplates.folder)/\($0)'\n" } ?? "")
    }

    /// Title, subtitle lines and the shared legend, drawn by an empty plot over the whole canvas.
    private func header(kind: String?) -> String {
        let H = Double(height)
        var s = "# header\n" + load(kind: kind)
        s += "set origin 0,0\nset size 1,1\nunset border\nunset tics\nunset grid\nunset xlabel\nunset ylabel\nunset title\n"
        s += "set xrange [0:1]\nset yrange [0:1]\n"
        var y = Double(Self.titleHeight) * 0.55
        s += "set label 1 \"\(Self.escape(figure.title))\" at screen 0.5, screen \(Self.number(1 - y / H)) center font wl_title_font\n"
        y = Double(Self.titleHeight) + Double(Self.subtitleLineHeight) * 0.3
        for (i, line) in subtitleLines.enumerated() {
            s += "set label \(i + 2) \"\(Self.escape(line))\" at screen 0.5, screen \(Self.number(1 - y / H)) center font wl_subtitle_font tc rgb wl_subtitle_color\n"
            y += Double(Self.subtitleLineHeight)
        }
        guard !figure.legend.isEmpty else { return s + "unset key\nplot NaN notitle\n" }
        let top = Double(Self.titleHeight + Self.subtitleLineHeight * subtitleLines.count + 2)
        s += "set key at screen 0.5, screen \(Self.number(1 - top / H)) center top horizontal maxcols \(legendGrid.perRow) font wl_legend_font nobox reverse Left samplen 4\n"
        let entries = figure.legend.map { e -> String in
            let with = "with \(e.style.rawValue) \(Self.look(e.look))\(e.options.isEmpty ? "" : " " + e.options) title \"\(Self.escape(e.label))\""
            switch e.style {
            case .band: return "'+' using (NaN):(NaN):(NaN) \(with)"
            case .errorBars, .errorLines: return "'+' using (NaN):(NaN):(NaN):(NaN) \(with)"
            default: return "NaN \(with)"
            }
        }
        return s + "plot " + entries.joined(separator: ", \\\n     ") + "\n"
    }

    private func panelCommands(_ panel: Panel, index: Int, layout: PanelLayout, firstBlock: Int, kind: String?) -> String {
        let W = Double(width), H = Double(height)
        let row = index / figure.columns, column = index % figure.columns
        let x0 = Double(column * figure.panelWidth) / W
        let y0 = Double((figure.rows - 1 - row) * figure.panelHeight) / H
        var s = "# panel \(index + 1)\n" + load(kind: kind)
        s += "set origin \(Self.number(x0)),\(Self.number(y0))\nset size \(Self.number(Double(figure.panelWidth) / W)),\(Self.number(Double(figure.panelHeight) / H))\n"
        // Titles longer than the panel is wide wrap onto a second line.
        let titleLines = panel.title.split(separator: "\n").flatMap { ScenarioFigures.wrapWords(String($0), width: max(30, figure.panelWidth / 9)) }
        s += "set title \"\(titleLines.map(Self.escape).joined(separator: "\\n"))\"\n"
        if titleLines.count > 1 { s += "set tmargin wl_tmargin + \(Self.number(1.3 * Double(titleLines.count - 1)))\n" }
        let yLines = ScenarioFigures.wrapWords(panel.yLabel, width: max(24, (figure.panelHeight - 110) / 7))
        s += "set xlabel \"\(Self.escape(panel.xLabel))\"\nset ylabel \"\(yLines.map(Self.escape).joined(separator: "\\n"))\"\n"
        if panel.logX { s += "set logscale x\nset format x '%g'\n" }
        if panel.logY {
            let decades = log10(layout.yRange.upperBound) - log10(layout.yRange.lowerBound)
            s += "set logscale y\nset format y \(decades >= 2.5 ? "'10^{%T}'" : "'%g'")\n"
            if let tics = Self.logTics(layout.yRange) { s += "set ytics (\(tics.map(Self.number).joined(separator: ", ")))\n" }
        }
        // Narrow linear ranges far from zero need more digits to tell the ticks apart.
        if !panel.logY, let f = Self.tickFormat(layout.yRange) { s += "set format y '\(f)'\n" }
        if !panel.logX, panel.xTics.isEmpty, let f = Self.tickFormat(layout.xRange) { s += "set format x '\(f)'\n" }
        if panel.logX, panel.xTics.isEmpty, let tics = Self.logTics(layout.xRange) {
            s += "set xtics (\(tics.map(Self.number).joined(separator: ", ")))\n"
        }
        s += "set xrange [\(Self.number(layout.xRange.lowerBound)):\(Self.number(layout.xRange.upperBound))]\n"
        s += "set yrange [\(Self.number(layout.yRange.lowerBound)):\(Self.number(layout.yRange.upperBound))]\n"
        if !panel.xTics.isEmpty {
            // An explicit tic label is also a format string for the tic's value: a literal % is %%.
            let tics = panel.xTics.map { t in
                t.label.map { "\"\(Self.escape($0).replacingOccurrences(of: "%", with: "%%"))\" \(Self.number(t.x))" } ?? Self.number(t.x)
            }
            s += "set xtics (\(tics.joined(separator: ", ")))\(panel.rotateXTics ? " rotate by 30 right" : "")\nset mxtics 1\n"
            if panel.rotateXTics {
                // Room below the axis for the slanted labels (about half their length in lines).
                let longest = panel.xTics.map { $0.label?.count ?? 6 }.max() ?? 6
                s += "set bmargin \(Int(4 + 0.22 * Double(longest)))\n"
            }
        }
        s += layout.key.map { "set key \($0)\n" } ?? "unset key\n"
        for (i, m) in panel.markers.enumerated() {
            let right = PanelLayout.markerLabelOnLeft(m, panel: panel, xRange: layout.xRange)
            s += "set arrow \(i + 1) from first \(Self.number(m.x)), graph 0 to first \(Self.number(m.x)), graph 1 nohead ls \(Series.Role.marker.rawValue) front\n"
            s += "set label \(i + 1) \"\(Self.escape(m.label))\" at first \(Self.number(m.x)), graph \(Self.number(m.labelY - 0.07 * Double(i % 3))) "
                + "\(right ? "right offset -0.5,0" : "left offset 0.5,0") font ',9' tc ls \(Series.Role.marker.rawValue) front\n"
        }
        for (i, n) in panel.notes.enumerated() {
            s += "set label \(100 + i) \"\(Self.escape(n.text))\" at graph \(Self.number(n.x)), graph \(Self.number(n.y)) \(n.align) font ',9' front\n"
        }
        guard !panel.series.isEmpty else { return s + "plot NaN notitle\n" }
        var clauses: [String] = []
        for (i, series) in panel.series.enumerated() {
            var clause = "'\(figure.name).dat' index \(firstBlock + i) using \(series.using) with \(series.style.rawValue) \(Self.look(series.look))"
            if !series.options.isEmpty { clause += " " + series.options }
            clause += series.label.isEmpty || !series.inKey || layout.key == nil ? " notitle" : " title \"\(Self.escape(series.label))\""
            clauses.append(clause)
        }
        return s + "plot " + clauses.joined(separator: ", \\\n     ") + "\n"
    }

    /// Ticks for a log axis spanning less than about a decade and a half, where gnuplot would
    /// put one tick or none: 1, 2, 5 × 10^k (or every integer multiple when those are too few).
    static func logTics(_ r: ClosedRange<Double>) -> [Double]? {
        guard r.lowerBound > 0, log10(r.upperBound / r.lowerBound) < 1.5 else { return nil }
        let lo = Int(floor(log10(r.lowerBound))), hi = Int(ceil(log10(r.upperBound)))
        for mantissas in [[1.0, 2, 5], [1.0, 2, 3, 4, 5, 6, 7, 8, 9]] {
            let tics = (lo...hi).flatMap { e in mantissas.map { $0 * pow(10, Double(e)) } }.filter { r.contains($0) }
            if tics.count >= 3 { return tics }
        }
        // A very narrow range: evenly spaced round values.
        let step = pow(10, floor(log10((r.upperBound - r.lowerBound) / 3)))
        return stride(from: (r.lowerBound / step).rounded(.up) * step, through: r.upperBound, by: step).map { $0 }
    }

    /// A `%.Ng` tick format with enough significant digits for a range whose span is small next
    /// to its magnitude (0.000392…0.000408 needs three); nil when gnuplot's default will do.
    static func tickFormat(_ r: ClosedRange<Double>) -> String? {
        let magnitude = max(abs(r.lowerBound), abs(r.upperBound)), span = r.upperBound - r.lowerBound
        guard magnitude > 0, span > 0, span / magnitude < 0.2 else { return nil }
        // Ticks are about a fifth of the span apart; one more digit than that spacing needs.
        let digits = Int(ceil(log10(magnitude / (span / 5)))) + 1
        return "%.\(min(max(digits, 2), 9))g"
    }

    static func look(_ look: Series.Look) -> String {
        switch look {
        case let .palette(i): return "lt \(((i % 8) + 8) % 8 + 1)"
        case let .role(r): return "ls \(r.rawValue)"
        }
    }

    static func number(_ x: Double) -> String {
        if x.isNaN || x.isInfinite { return "nan" }
        return String(format: "%.9g", x)
    }

    /// A string for a double-quoted gnuplot string in enhanced-text mode: the quote and
    /// backslash escaped, the enhanced-text operators (_ ^ { } @ & ~) shown literally, line breaks
    /// as spaces (titles are split into lines before escaping).
    static func escape(_ text: String) -> String {
        var out = ""
        for ch in text {
            switch ch {
            case "\\": out += "\\\\\\\\"
            case "\"": out += "\\\""
            case "_", "^", "{", "}", "@", "&", "~": out += "\\\\" + String(ch)
            case "\n": out += " "
            default: out.append(ch)
            }
        }
        return out
    }
}
