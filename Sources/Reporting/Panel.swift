/// One plot of a figure: axes, scales, the series drawn on them and their annotations.
package struct Panel: Sendable, Equatable {
    package var title: String
    package var xLabel: String
    package var yLabel: String
    package var logX: Bool
    package var logY: Bool
    /// Axis ranges; nil chooses them from the data (with room for the legend).
    package var xRange: ClosedRange<Double>?
    package var yRange: ClosedRange<Double>?
    /// Tick marks at these x values, with these labels (nil label: the number); empty lets
    /// gnuplot choose.
    package var xTics: [Tic]
    /// Rotate the x tick labels (long category names).
    package var rotateXTics: Bool
    package var series: [Series]
    /// Vertical reference lines, e.g. the Marchenko–Pastur edge λ+.
    package var markers: [Marker]
    /// Text placed on the panel.
    package var notes: [Note]
    package var key: Key

    /// Where the panel's legend goes.
    package enum Key: Sendable, Equatable {
        /// A corner chosen so that the legend covers no data (the y range grows if none is free).
        case auto
        /// No legend in the panel: the figure's shared legend, or none, names the series.
        case off
        /// A gnuplot `set key …` position, e.g. `top left`.
        case at(String)
    }

    /// A tick mark on the x axis.
    package struct Tic: Sendable, Equatable {
        package var x: Double
        package var label: String?
        package init(_ x: Double, _ label: String? = nil) {
            self.x = x
            self.label = label
        }
    }

    /// A labelled vertical line at x; the label sits beside the line at height `labelY` (graph
    /// coordinates, 0…1).
    package struct Marker: Sendable, Equatable {
        package var x: Double
        package var label: String
        package var labelY: Double
        package init(x: Double, label: String, labelY: Double = 0.96) {
            self.x = x
            self.label = label
            self.labelY = labelY
        }
    }

    /// Text at a position in graph coordinates (0…1 across the plot area).
    package struct Note: Sendable, Equatable {
        package var text: String
        package var x: Double
        package var y: Double
        /// gnuplot justification: `left`, `right` or `center`.
        package var align: String
        package init(_ text: String, x: Double, y: Double, align: String = "left") {
            self.text = text
            self.x = x
            self.y = y
            self.align = align
        }
    }

    package init(title: String = "", xLabel: String, yLabel: String, logX: Bool = false, logY: Bool = false,
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
