/// One data series of a panel: columns of numbers and how to draw them.
package struct Series: Sendable, Equatable {
    /// How the columns are drawn (gnuplot `with …`).
    package enum Style: String, Sendable, Equatable {
        /// x y
        case lines
        /// x y
        case points
        /// x y
        case linesPoints = "linespoints"
        /// x y (histogram bars centred at x)
        case boxes
        /// x y (a histogram outline, x at the bin centres)
        case steps = "histeps"
        /// x y
        case impulses
        /// x y ylow yhigh
        case errorBars = "yerrorbars"
        /// x y ylow yhigh, joined by lines
        case errorLines = "yerrorlines"
        /// x ylow yhigh: a shaded band
        case band = "filledcurves"
    }

    /// Where the line colour, width, dash and point type come from: the templates define both
    /// (Plots/templates/style.gp), so a figure is restyled there, not here.
    package enum Look: Sendable, Equatable {
        /// The n-th colour of the palette (gnuplot linetype n mod 8 + 1).
        case palette(Int)
        /// A line style with a meaning shared by every figure.
        case role(Role)
    }

    /// The line styles of style.gp (`set style line N`), by meaning.
    package enum Role: Int, Sendable, Equatable, CaseIterable {
        /// Theory, expected value, schedule: the curve the data are compared with.
        case theory = 101
        /// The fitted normal.
        case fit = 102
        /// The best-fitting law (by BIC).
        case bestFit = 103
        /// A neutral reference (y = x, the i.i.d. Gaussian).
        case reference = 104
        /// Points shown for context but not used (e.g. by a fit).
        case context = 105
        /// Vertical markers (edges, thresholds).
        case marker = 106
    }

    package var label: String
    package var style: Style
    /// Columns of equal length: x, y, then the error or band columns the style needs.
    package var columns: [[Double]]
    package var look: Look
    /// Extra gnuplot plot options for this series (e.g. `ps 1.4 pt 5`), after the look's.
    package var options: String
    /// Whether the panel's legend lists it (the label still names its block in the data file).
    package var inKey: Bool

    package init(_ label: String, style: Style = .lines, columns: [[Double]], look: Look = .palette(0), options: String = "", inKey: Bool = true) {
        self.label = label
        self.style = style
        self.columns = columns
        self.look = look
        self.options = options
        self.inKey = inKey
    }

    /// x and y as a line.
    package static func line(_ label: String, x: [Double], y: [Double], look: Look = .palette(0)) -> Series {
        Series(label, style: .lines, columns: [x, y], look: look)
    }

    /// A shaded band between `low` and `high`.
    package static func band(_ label: String, x: [Double], low: [Double], high: [Double], look: Look = .palette(0), inKey: Bool = true) -> Series {
        Series(label, style: .band, columns: [x, low, high], look: look, inKey: inKey)
    }

    /// A legend entry only: how a series of this style and look is drawn, without data.
    package static func legendEntry(_ label: String, style: Style, look: Look, options: String = "") -> Series {
        Series(label, style: style, columns: [], look: look, options: options)
    }

    /// Histogram bars of one width, the spacing of `centres`, given to gnuplot as a third column:
    /// left to itself gnuplot widens a bar across the empty (NaN) bins next to it.
    package static func bars(_ label: String, centres: [Double], heights: [Double], look: Look) -> Series {
        let width = centres.count > 1 ? centres[1] - centres[0] : 1
        return Series(label, style: .boxes, columns: [centres, heights, centres.map { _ in width }], look: look)
    }

    /// Number of rows.
    package var count: Int { columns.first?.count ?? 0 }

    /// The columns gnuplot reads for this style.
    var using: String {
        switch style {
        case .band: return "1:2:3"
        case .boxes: return columns.count >= 3 ? "1:2:3" : "1:2"
        case .errorBars, .errorLines: return columns.count >= 4 ? "1:2:3:4" : "1:2:3"
        default: return "1:2"
        }
    }

    /// The (x, y) points the series covers on the axes: the band's both edges, the error bars'
    /// ends. Used to place legends and choose ranges.
    var extent: [(x: Double, y: Double)] {
        guard columns.count >= 2 else { return [] }
        var points: [(Double, Double)] = []
        for r in 0..<count {
            let x = columns[0][r]
            switch style {
            case .band:
                points.append((x, columns[1][r]))
                points.append((x, columns[2][r]))
            case .errorBars, .errorLines:
                points.append((x, columns[1][r]))
                if columns.count >= 4 {
                    points.append((x, columns[2][r]))
                    points.append((x, columns[3][r]))
                }
            default:
                points.append((x, columns[1][r]))
            }
        }
        return points.filter { $0.0.isFinite && $0.1.isFinite }
    }
}
