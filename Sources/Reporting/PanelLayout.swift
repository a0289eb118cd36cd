import Foundation

/// A panel's resolved axes and legend position: the ranges the data need (padded, log-aware) and
/// the corner where the legend covers no data, growing the y range when no corner is free.
struct PanelLayout: Sendable, Equatable {
    var xRange: ClosedRange<Double>
    var yRange: ClosedRange<Double>
    /// gnuplot `set key` position, or nil for no legend.
    var key: String?

    /// Pixel margins of a panel's plot area inside its cell (style.gp's margins, roughly).
    static let marginLeft = 92.0, marginRight = 24.0, marginTop = 46.0, marginBottom = 58.0

    /// Lays out `panel` drawn in a cell of `width` × `height` pixels.
    static func resolve(_ panel: Panel, width: Int, height: Int) -> PanelLayout {
        let points = panel.series.flatMap(\.extent).filter { (!panel.logX || $0.x > 0) && (!panel.logY || $0.y > 0) }
        let x = panel.xRange ?? dataRange(points.map(\.x) + panel.markers.map(\.x).filter { !panel.logX || $0 > 0 },
                                          log: panel.logX, pad: needsXPad(panel) ? 0.04 : 0)
        let inX = points.filter { x.contains($0.x) }
        let fixedY = panel.yRange
        var y = fixedY ?? dataRange(inX.map(\.y), log: panel.logY, pad: 0.06, fromZero: startsAtZero(panel))
        let entries = panel.series.filter { !$0.label.isEmpty && $0.inKey }
        guard case .auto = panel.key, !entries.isEmpty else {
            if case let .at(position) = panel.key { return PanelLayout(xRange: x, yRange: y, key: position) }
            return PanelLayout(xRange: x, yRange: y, key: nil)
        }
        let plotWidth = max(Double(width) - marginLeft - marginRight, 50), plotHeight = max(Double(height) - marginTop - marginBottom, 50)
        let longest = Double(entries.map(\.label.count).max() ?? 0)
        // The key's size as gnuplot draws it at font 9 (text, sample, gaps), with a margin.
        let keyWidth = min(0.95, (longest * 7.2 + 110) / plotWidth)
        let keyHeight = min(0.95, (Double(entries.count) * 18 + 16) / plotHeight)
        let samples = trace(panel, x: x, y: y, plotWidth: plotWidth)
        let corners: [(String, ClosedRange<Double>, ClosedRange<Double>)] = [
            ("top right", (1 - keyWidth)...1, (1 - keyHeight)...1), ("top left", 0...keyWidth, (1 - keyHeight)...1),
            ("bottom right", (1 - keyWidth)...1, 0...keyHeight), ("bottom left", 0...keyWidth, 0...keyHeight),
        ]
        let counts = corners.map { c in samples.filter { c.1.contains($0.0) && c.2.contains($0.1) }.count }
        let best = counts.indices.min { counts[$0] < counts[$1] }!
        if counts[best] == 0 || fixedY != nil {
            return PanelLayout(xRange: x, yRange: y, key: corners[best].0)
        }
        // No free corner: raise the top of the y range so the legend sits above the data.
        let top = max(1 - keyHeight - 0.03, 0.4)
        if panel.logY {
            let lo = log10(y.lowerBound), hi = log10(y.upperBound)
            y = y.lowerBound...pow(10, lo + (hi - lo) / top)
        } else {
            y = y.lowerBound...(y.lowerBound + (y.upperBound - y.lowerBound) / top)
        }
        let grown = trace(panel, x: x, y: y, plotWidth: plotWidth)
        let left = grown.filter { $0.0 <= keyWidth && $0.1 >= 1 - keyHeight }.count
        let right = grown.filter { $0.0 >= 1 - keyWidth && $0.1 >= 1 - keyHeight }.count
        return PanelLayout(xRange: x, yRange: y, key: right <= left ? "top right" : "top left")
    }

    /// Whether a marker's label goes left of its line (the line is in the right part of the axis).
    static func markerLabelOnLeft(_ m: Panel.Marker, panel: Panel, xRange x: ClosedRange<Double>) -> Bool {
        let f = panel.logX ? (log10(m.x) - log10(x.lowerBound)) / (log10(x.upperBound) - log10(x.lowerBound))
            : (m.x - x.lowerBound) / (x.upperBound - x.lowerBound)
        return f > 0.62
    }

    static func needsXPad(_ panel: Panel) -> Bool {
        panel.series.contains { [.points, .linesPoints, .errorBars, .errorLines, .impulses, .boxes].contains($0.style) }
    }

    static func startsAtZero(_ panel: Panel) -> Bool {
        !panel.logY && panel.series.contains { [.boxes, .steps, .impulses].contains($0.style) }
            && panel.series.allSatisfy { $0.extent.allSatisfy { $0.y >= 0 } }
    }

    /// [min, max] of `values`, padded by `pad` of the span on each side (in log space when `log`).
    static func dataRange(_ values: [Double], log: Bool, pad: Double, fromZero: Bool = false) -> ClosedRange<Double> {
        let finite = values.filter { $0.isFinite && (!log || $0 > 0) }
        guard var lo = finite.min(), var hi = finite.max() else { return log ? 0.1...10 : 0...1 }
        if log {
            var a = log10(lo), b = log10(hi)
            if b - a < 1e-9 { a -= 0.5; b += 0.5 }
            let p = (b - a) * pad
            return pow(10, a - p)...pow(10, b + p)
        }
        if fromZero { lo = min(lo, 0) }
        if hi - lo <= 1e-12 * max(abs(hi), abs(lo), 1e-300) {
            let d = lo == 0 ? 1 : abs(lo) * 0.1
            lo -= d; hi += d
        }
        let p = (hi - lo) * pad
        return (fromZero && lo == 0 ? 0 : lo - p)...(hi + p)
    }

    /// The panel's data in graph coordinates (0…1), lines and bands densely sampled.
    static func trace(_ panel: Panel, x: ClosedRange<Double>, y: ClosedRange<Double>, plotWidth: Double = 400) -> [(Double, Double)] {
        func nx(_ v: Double) -> Double {
            panel.logX ? (log10(v) - log10(x.lowerBound)) / (log10(x.upperBound) - log10(x.lowerBound))
                : (v - x.lowerBound) / (x.upperBound - x.lowerBound)
        }
        func ny(_ v: Double) -> Double {
            panel.logY ? (log10(max(v, 1e-300)) - log10(y.lowerBound)) / (log10(y.upperBound) - log10(y.lowerBound))
                : (v - y.lowerBound) / (y.upperBound - y.lowerBound)
        }
        var out: [(Double, Double)] = []
        for s in panel.series where s.columns.count >= 2 {
            let rows = (0..<s.count).filter { s.columns[0][$0].isFinite && (!panel.logX || s.columns[0][$0] > 0) }
            switch s.style {
            case .band, .errorBars, .errorLines, .boxes, .impulses:
                // Vertical extents: band edges, error bars, bars from 0.
                for r in rows {
                    let lo: Double, hi: Double
                    switch s.style {
                    case .band: (lo, hi) = (s.columns[1][r], s.columns[2][r])
                    case .boxes, .impulses: (lo, hi) = (panel.logY ? y.lowerBound : 0, s.columns[1][r])
                    default: (lo, hi) = s.columns.count >= 4 ? (s.columns[2][r], s.columns[3][r]) : (s.columns[1][r], s.columns[1][r])
                    }
                    guard lo.isFinite, hi.isFinite else { continue }
                    for k in 0...8 { out.append((nx(s.columns[0][r]), ny(lo + (hi - lo) * Double(k) / 8))) }
                }
            default: break
            }
            guard s.style != .band, s.style != .boxes, s.style != .impulses else { continue }
            let joined = [.lines, .linesPoints, .steps, .errorLines].contains(s.style)
            var previous: (Double, Double)?
            for r in rows {
                let v = s.columns[1][r]
                guard v.isFinite, !panel.logY || v > 0 else { previous = nil; continue }
                let p = (nx(s.columns[0][r]), ny(v))
                if joined, let q = previous {
                    for k in 1..<12 { out.append((q.0 + (p.0 - q.0) * Double(k) / 12, q.1 + (p.1 - q.1) * Double(k) / 12)) }
                }
                out.append(p)
                previous = p
            }
        }
        // Markers: the line, and the label's box beside it (about 6.5 px per character).
        for (i, m) in panel.markers.enumerated() where x.contains(m.x) && (!panel.logX || m.x > 0) {
            let mx = nx(m.x)
            for k in 0...20 { out.append((mx, Double(k) / 20)) }
            let width = Double(m.label.count) * 6.5 / max(plotWidth, 50)
            let y = m.labelY - 0.07 * Double(i % 3)
            let left = markerLabelOnLeft(m, panel: panel, xRange: x)
            for k in 0...10 { out.append((left ? mx - width * Double(k) / 10 : mx + width * Double(k) / 10, y)) }
        }
        return out.filter { $0.0 >= -0.001 && $0.0 <= 1.001 && $0.1.isFinite }
    }
}
