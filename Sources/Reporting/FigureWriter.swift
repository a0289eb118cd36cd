import Foundation
import TensorIO

/// Writes figures as data + gnuplot script side by side and renders them by calling gnuplot.
///
/// ```
/// DIR/NAME.dat            one block per series (blank-line separated, addressed by `index i`)
/// DIR/NAME.gp             loads templates/style.gp and templates/KIND.gp; renders NAME.png, NAME.svg (NAME.pdf)
/// DIR/templates/*.gp      the style templates of Plots/templates the scripts use
/// ```
/// Every file is written to a temporary name in DIR and renamed into place when complete:
/// gnuplot renders to `.NAME.render-…` names, each image is checked (PNG chunks to IEND, SVG
/// closed, PDF %%EOF) before the rename, and a failure leaves no partial file. When gnuplot is
/// missing the data, scripts and templates are still written and the result says how to render them.
package struct FigureWriter: Sendable {
    /// The gnuplot executable (looked up on PATH when not absolute).
    package var gnuplot: String
    /// Replace outputs that exist; otherwise an existing output is an error and nothing is written.
    package var overwrite: Bool

    package init(gnuplot: String = "gnuplot", overwrite: Bool = false) {
        self.gnuplot = gnuplot
        self.overwrite = overwrite
    }

    /// What was written for one figure.
    package struct Output: Sendable, Equatable {
        package var data: URL
        package var script: URL
        /// Rendered images (empty when gnuplot is not available).
        package var images: [URL]
    }

    /// What was written for a set of figures.
    package struct Batch: Sendable, Equatable {
        package var outputs: [Output]
        /// Why nothing was rendered and the command that renders every figure; nil when rendered.
        package var notRendered: String?
    }

    /// The files a figure's outputs occupy in `directory` (data, script, images).
    package func files(for figure: Figure, in directory: URL) -> [URL] {
        (["dat", "gp", "png", "svg"] + (figure.pdf ? ["pdf"] : [])).map { directory.appendingPathComponent(figure.name + "." + $0) }
    }

    /// The template files the figures use.
    func templates(for figures: [Figure]) -> [String] {
        [PlotTemplates.style] + Set(figures.compactMap { PlotTemplates.kindFile($0.kind) }).sorted()
    }

    /// Writes and renders `figures` into `directory` (created if needed). Without `overwrite`,
    /// any existing output stops the batch before anything is written.
    package func write(_ figures: [Figure], to directory: URL) throws(FigureError) -> Batch {
        let templateDirectory = directory.appendingPathComponent(PlotTemplates.folder)
        if !overwrite {
            let planned = figures.flatMap { files(for: $0, in: directory) } + templates(for: figures).map { templateDirectory.appendingPathComponent($0) }
            if let existing = planned.first(where: { FileManager.default.fileExists(atPath: $0.path) }) {
                throw .outputExists(file: existing.path)
            }
        }
        try makeDirectory(templateDirectory)
        for name in templates(for: figures) {
            try atomicWrite(Data((PlotTemplates.text(name) ?? "").utf8), to: templateDirectory.appendingPathComponent(name))
        }
        let executable = Self.locate(gnuplot)
        var outputs: [Output] = []
        for figure in figures {
            outputs.append(try write(figure, to: directory, executable: executable))
        }
        guard executable == nil, !figures.isEmpty else { return Batch(outputs: outputs, notRendered: nil) }
        let folder = Self.shellQuoted(directory.path)
        let how = figures.count == 1 ? "gnuplot \(figures[0].name).gp" : "for f in *.gp; do gnuplot \"$f\"; done"
        return Batch(outputs: outputs, notRendered: "gnuplot was not found (looked for '\(gnuplot)' on PATH); the data and scripts of "
            + "\(figures.count) figure\(figures.count == 1 ? "" : "s") are in \(directory.path); render them with: cd \(folder) && \(how)")
    }

    /// Writes and renders one figure (its templates must be in place: use ``write(_:to:)-(_,_)``).
    private func write(_ figure: Figure, to directory: URL, executable: URL?) throws(FigureError) -> Output {
        let script = GnuplotScript(figure: figure)
        let paths = files(for: figure, in: directory)
        try atomicWrite(Data(script.data.utf8), to: paths[0])
        try atomicWrite(Data(script.text.utf8), to: paths[1])
        guard let executable else { return Output(data: paths[0], script: paths[1], images: []) }
        let images = Array(paths.dropFirst(2))
        try render(figure, images: images, in: directory, executable: executable, script: paths[1])
        return Output(data: paths[0], script: paths[1], images: images)
    }

    /// Runs gnuplot with a temporary output stem, checks every image and renames them into place.
    private func render(_ figure: Figure, images: [URL], in directory: URL, executable: URL, script: URL) throws(FigureError) {
        let stem = ".\(figure.name).render-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let formats = images.map(\.pathExtension)
        let temporary = formats.map { directory.appendingPathComponent(stem + "." + $0) }
        defer { for t in temporary { unlink(t.path) } }
        let process = Process()
        process.executableURL = executable
        process.arguments = ["-e", "wl_output='\(stem)'; wl_formats='\(formats.joined(separator: " "))'", script.lastPathComponent]
        process.currentDirectoryURL = directory
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        do { try process.run() } catch {
            throw .gnuplotFailed(script: script.path, status: "could not start \(executable.path)", message: "\(error)")
        }
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            let status = process.terminationReason == .exit ? "exit status \(process.terminationStatus)" : "killed by signal \(process.terminationStatus)"
            // The first image is named: that is the output that was not made.
            throw .gnuplotFailed(script: script.path, status: status + ", \(images[0].lastPathComponent) not written", message: message)
        }
        for (t, image) in zip(temporary, images) {
            guard let data = FileManager.default.contents(atPath: t.path) else {
                throw .incompleteImage(file: image.path, reason: "gnuplot wrote no file")
            }
            if let problem = ImageCheck.problem(data, format: image.pathExtension) {
                throw .incompleteImage(file: image.path, reason: problem)
            }
            if let fd = try? POSIX.openForReading(t.path) {
                defer { POSIX.closeFile(fd) }
                do { try POSIX.flushToDisk(fd) } catch { throw .cannotWrite(file: image.path, reason: error.reason) }
            }
        }
        for (t, image) in zip(temporary, images) {
            do { try POSIX.move(t.path, to: image.path) } catch { throw .cannotWrite(file: image.path, reason: error.reason) }
        }
    }

    private func makeDirectory(_ url: URL) throws(FigureError) {
        do { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) } catch {
            throw .cannotWrite(file: url.path, reason: "cannot create the folder (\(error.localizedDescription))")
        }
    }

    private func atomicWrite(_ data: Data, to url: URL) throws(FigureError) {
        do { try AtomicFile.write(data, to: url, overwrite: true) } catch {
            switch error {
            case let .cannotWrite(file, reason): throw .cannotWrite(file: file, reason: reason)
            default: throw .cannotWrite(file: url.path, reason: error.description)
            }
        }
    }

    /// The text of a figure's data file.
    package func dataFile(_ figure: Figure) -> String { GnuplotScript(figure: figure).data }

    /// The text of a figure's gnuplot script.
    package func scriptFile(_ figure: Figure) -> String { GnuplotScript(figure: figure).text }

    static func shellQuoted(_ path: String) -> String {
        path.allSatisfy { $0.isLetter || $0.isNumber || "/._-+:,".contains($0) } ? path : "'" + path.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    static func locate(_ name: String) -> URL? {
        if name.contains("/") { return FileManager.default.isExecutableFile(atPath: name) ? URL(fileURLWithPath: name) : nil }
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(dir)).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }
}
