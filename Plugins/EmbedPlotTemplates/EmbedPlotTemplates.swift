import Foundation
import PackagePlugin

/// Embeds the gnuplot templates of `Plots/templates/*.gp` into the Reporting target at build time.
///
/// `Plots/templates` stays the one source of truth: the build runs `embed-plot-templates`, which
/// writes `PlotTemplateFiles.swift` (each file's text as a string literal) into the build folder,
/// and reruns it whenever a template changes. The binary then needs no resource bundle at run time.
@main
struct EmbedPlotTemplates: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let folder = context.package.directoryURL.appending(path: "Plots").appending(path: "templates")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".gp") }.sorted()
        let inputs = names.map { folder.appending(path: $0) }
        let output = context.pluginWorkDirectoryURL.appending(path: "PlotTemplateFiles.swift")
        return [.buildCommand(
            displayName: "Embedding \(inputs.count) gnuplot templates from Plots/templates",
            executable: try context.tool(named: "embed-plot-templates").url,
            arguments: [output.path] + inputs.map(\.path),
            inputFiles: inputs,
            outputFiles: [output]
        )]
    }
}
