/// One plot of a figure: axes, scales, the series drawn on them and their annotations.
public struct Panel: Sendable, Equatable {
    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var logX: Bool
    public var logY: Bool
    /// Axis ranges; nil chooses them from the data (with room for the legend).
    public var xRange: ClosedRange<Double>?
    public var yRange: ClosedRange<Double>?
    /// Tick marks at these x values, with these labels (nil label: the number); empty lets
    /// gnuplot choose.
    public var xTics: [Tic]
    /// Rotate the x tick labels (long category names).
    public var rotateXTics: Bool
    public var series: [Series]
    /// Vertical reference lines, e.g. the Marchenko–Pastur edge λ+.
    public var markers: [Marker]
    /// Text placed on the panel.
    public var notes: [Note]
    public var key: Key

    /// Where the panel's legend goes.
    public enum Key: Sendable, Equatable {
        /// A corner chosen so that the legend covers no data (the y range grows if none is free).
        case auto
        /// No legend in the panel: the figure's shared legend, or none, names the series.
        case off
        /// A gnuplot `set key …` position, e.g. `top left`.
        case at(String)
    }

    /// A tick mark on the x axis.
    public struct Tic: Sendable, Equatable {
        public var x: Double
        public var label: String?
        public init(_ x: Double, _ label: String? = nil) {
            self.x = x
            self.label = label
        }
    }

    /// A labelled vertical line at x; the label sits beside the line at height `labelY` (graph
    /// coordinates, 0…1).
    public struct Marker: Sendable, Equatable {
        public var x: Double
        public var label: String
        public var labelY: Double
        public init(x: Double, label: String, labelY: Double = 0.96) {
            self.x = x
            self.label = label
            self.labelY = labelY
        }
    }

    /// Text at a position in graph coordinates (0…1 across the plot area).
    public struct Note: Sendable, Equatable {
        public var text: String
        public var x: Double
        public var y: Double
        /// gnuplot justification: `left`, `right` or `center`.
        public var align: String
        public init(_ text: String, x: Double, y: Double, align: String = "left") {
            self.text = text
            self.x = x
            self.y = y
            self.align = align
        }
    }

    public init(title: String = "", xLabel: String, yLabel: String, logX: Bool = false, logY: Bool = false,
                xRange: ClosedRange<Double>? = nil, yRange: ClosedRange<Double>? = nil, xTics: [Tic] = [], rotateXTics: Bool = false,
                series: [Series] = [], markers: [Marker] = [], notes: [Note] = [], key: Key = .auto) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.logX = logX
        self.logY = logY
        self.xRange = xRange
        self.yRange = yRange
        self.xTics = xTics
        self.rotateXTics = rotateXTics
        self.series = series
        self.markers = markers
        self.notes = notes
        self.key = key
    }
}
