/// One data series of a panel: columns of numbers and how to draw them.
public struct Series: Sendable, Equatable {
    /// How the columns are drawn (gnuplot `with …`).
    public enum Style: String, Sendable, Equatable {
        /// x y
        case lines
        /// x y
        case points
        /// x y
        case linesPoints = "linespoints"
        /// x y (histogram bars centred at x)
        case boxes
        /// x y
        case steps
        /// x y
        case impulses
        /// x y yerr — or x y ylow yhigh
        case errorBars = "yerrorbars"
        /// x y yerr / x y ylow yhigh, joined by lines
        case errorLines = "yerrorlines"
        /// x ylow yhigh: a shaded band
        case band = "filledcurves"
    }

    public var label: String
    public var style: Style
    /// Columns of equal length: x, y, then error or band columns as the style needs.
    public var columns: [[Double]]
    /// A gnuplot colour, e.g. `#1f77b4`; nil lets gnuplot cycle.
    public var color: String?
    /// Line width.
    public var width: Double
    /// Dash type (1 solid, 2 dashed, 3 dotted …).
    public var dash: Int

    public init(_ label: String, style: Style = .lines, columns: [[Double]], color: String? = nil, width: Double = 2, dash: Int = 1) {
        self.label = label
        self.style = style
        self.columns = columns
        self.color = color
        self.width = width
        self.dash = dash
    }

    /// x and y as a line.
    public static func line(_ label: String, x: [Double], y: [Double], color: String? = nil, dash: Int = 1) -> Series {
        Series(label, style: .lines, columns: [x, y], color: color, dash: dash)
    }

    /// Number of rows.
    public var count: Int { columns.first?.count ?? 0 }
}
