/// One plot of a figure: axes, scales and the series drawn on them.
public struct Panel: Sendable, Equatable {
    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var logX: Bool
    public var logY: Bool
    public var xRange: ClosedRange<Double>?
    public var yRange: ClosedRange<Double>?
    public var series: [Series]
    /// Vertical reference lines, e.g. the Marchenko–Pastur edge λ+.
    public var markers: [Marker]
    /// Where the legend goes (gnuplot `set key …`), e.g. `top right`, `off`.
    public var key: String

    /// A labelled vertical line at x.
    public struct Marker: Sendable, Equatable {
        public var x: Double
        public var label: String
        public init(x: Double, label: String) {
            self.x = x
            self.label = label
        }
    }

    public init(title: String = "", xLabel: String, yLabel: String, logX: Bool = false, logY: Bool = false,
                xRange: ClosedRange<Double>? = nil, yRange: ClosedRange<Double>? = nil,
                series: [Series] = [], markers: [Marker] = [], key: String = "top right") {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.logX = logX
        self.logY = logY
        self.xRange = xRange
        self.yRange = yRange
        self.series = series
        self.markers = markers
        self.key = key
    }
}
