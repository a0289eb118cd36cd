import Foundation

// Build tool of the EmbedPlotTemplates plugin: writes the gnuplot templates given as arguments
// into one Swift file as raw string literals, keyed by file name.
// Usage: embed-plot-templates OUTPUT.swift TEMPLATE.gp…

let arguments = CommandLine.arguments.dropFirst()
guard let output = arguments.first else {
    FileHandle.standardError.write(Data("usage: embed-plot-templates OUTPUT.swift TEMPLATE.gp…\n".utf8))
    exit(2)
}
var swift = """
// Generated at build time from Plots/templates by the EmbedPlotTemplates plugin. Do not edit:
// edit the templates in Plots/templates and rebuild.

/// The gnuplot templates of Plots/templates: file name → text.
enum PlotTemplateFiles {
    static let texts: [String: String] = [

"""
for path in arguments.dropFirst() {
    let url = URL(fileURLWithPath: path)
    guard let text = try? String(contentsOf: url, encoding: .utf8) else {
        FileHandle.standardError.write(Data("embed-plot-templates: \(path): cannot read the file as UTF-8\n".utf8))
        exit(1)
    }
    // A raw-string delimiter longer than any run of '#' in the text keeps the literal verbatim.
    var longest = 0, run = 0
    for ch in text { run = ch == "#" ? run + 1 : 0; longest = max(longest, run) }
    let hashes = String(repeating: "#", count: longest + 1)
    // The line break before a multi-line literal's closing delimiter is not part of the string,
    // so one is added: the literal's value is exactly the file's text.
    swift += "        \"\(url.lastPathComponent)\": \(hashes)\"\"\"\n\(text)\n\"\"\"\(hashes),\n"
}
swift += "    ]\n}\n"
do {
    // Rewrite only on change, so an unchanged template does not rebuild the target.
    if (try? String(contentsOf: URL(fileURLWithPath: output), encoding: .utf8)) != swift {
        try swift.write(to: URL(fileURLWithPath: output), atomically: true, encoding: .utf8)
    }
} catch {
    FileHandle.standardError.write(Data("embed-plot-templates: \(output): cannot write: \(error)\n".utf8))
    exit(1)
}
