import Foundation
import Reporting

/// Writes figures into a folder, warning (not failing) when one cannot be drawn.
enum FigureOutput {
    /// - Returns: the names of the figures written.
    static func write(_ figures: [Figure], to directory: URL) throws -> [String] {
        do { try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true) } catch {
            throw InputError("\(directory.path): cannot create the folder: \(error.localizedDescription)")
        }
        let writer = FigureWriter()
        var names: [String] = []
        var unrendered: String?
        for figure in figures {
            do {
                let out = try writer.write(figure, to: directory)
                if let why = out.notRendered { unrendered = why }
                names.append(figure.name)
            } catch {
                Terminal.warning("figure \(figure.name) was not drawn: \(error)")
            }
        }
        if let unrendered { Terminal.warning(unrendered) }
        return names
    }
}
