/// The gnuplot templates of `Plots/templates`, embedded at build time (the EmbedPlotTemplates
/// plugin): `style.gp`, loaded by every figure, and one `KIND.gp` per kind of figure. The figure
/// writer copies the ones a figure uses into `templates/` beside it, where its script loads them.
package enum PlotTemplates {
    /// The folder, beside the figures, that holds the copies.
    package static let folder = "templates"
    /// The shared style.
    package static let style = "style.gp"

    /// A template's text by file name, nil when there is none.
    package static func text(_ name: String) -> String? { PlotTemplateFiles.texts[name] }

    /// The file names of every template.
    package static var names: [String] { PlotTemplateFiles.texts.keys.sorted() }

    /// The kind template of a figure kind, when there is one.
    static func kindFile(_ kind: String) -> String? { text(kind + ".gp") == nil ? nil : kind + ".gp" }
}
