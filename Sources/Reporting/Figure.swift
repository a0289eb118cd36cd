/// A figure: a grid of panels under a title, a subtitle that records the seed and the spec, and
/// optionally one legend shared by every panel.
///
/// ``FigureWriter`` writes it as `name.dat` (the numbers, one gnuplot data block per series) and
/// `name.gp` (the script, which loads the style templates), then renders `name.png` and
/// `name.svg` (and `name.pdf`).
package struct Figure: Sendable, Equatable {
    /// File stem: letters, digits, '-', '_'.
    package var name: String
    /// Which template of Plots/templates styles it (`KIND.gp`); the name by default.
    package var kind: String
    package var title: String
    /// Provenance: seed, generator, spec, WeightLab version (lines separated by "\n").
    package var subtitle: String
    package var panels: [Panel]
    /// Legend entries shown once, under the subtitle, for panels whose key is `.off`.
    package var legend: [Series]
    /// Panels per row (the grid has ⌈panels/columns⌉ rows).
    package var columns: Int
    /// Pixel size of one panel in the PNG.
    package var panelWidth: Int
    package var panelHeight: Int
    /// Also render a PDF.
    package var pdf: Bool

    package init(name: String, kind: String? = nil, title: String, subtitle: String, panels: [Panel], legend: [Series] = [],
                columns: Int = 1, panelWidth: Int = 640, panelHeight: Int = 420, pdf: Bool = false) {
        self.name = name
        self.kind = kind ?? name
        self.title = title
        self.subtitle = subtitle
        self.panels = panels
        self.legend = legend
        self.columns = max(1, min(columns, panels.count))
        self.panelWidth = panelWidth
        self.panelHeight = panelHeight
        self.pdf = pdf
    }

    var rows: Int { (panels.count + columns - 1) / columns }
}
