/// A figure: a grid of panels with a title and a subtitle that records the seed and spec.
///
/// ``FigureWriter`` writes it as `name.dat` (the numbers, one gnuplot data block per series) and
/// `name.gp` (the script, which users can restyle), then renders `name.png` and `name.svg`.
public struct Figure: Sendable, Equatable {
    /// File stem: letters, digits, '-', '_'.
    public var name: String
    public var title: String
    /// Provenance line: seed, generator, spec, WeightLab version.
    public var subtitle: String
    public var panels: [Panel]
    /// Panels per row (the grid has ⌈panels/columns⌉ rows).
    public var columns: Int
    /// Pixel size of one panel in the PNG.
    public var panelWidth: Int
    public var panelHeight: Int
    /// Also render a PDF.
    public var pdf: Bool

    public init(name: String, title: String, subtitle: String, panels: [Panel], columns: Int = 1,
                panelWidth: Int = 640, panelHeight: Int = 420, pdf: Bool = false) {
        self.name = name
        self.title = title
        self.subtitle = subtitle
        self.panels = panels
        self.columns = max(1, min(columns, panels.count))
        self.panelWidth = panelWidth
        self.panelHeight = panelHeight
        self.pdf = pdf
    }

    var rows: Int { (panels.count + columns - 1) / columns }
}
