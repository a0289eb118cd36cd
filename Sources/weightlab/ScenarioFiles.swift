import Foundation

/// Scenario paths on the command line: files, or folders whose *.yaml files run in name order.
enum ScenarioFiles {
    static func expand(_ paths: [String]) throws -> [URL] { try expandMarkingFolders(paths).map(\.url) }

    /// The scenario files, each marked with whether it came from a folder (rather than being named
    /// on the command line): a folder run may pass over a scenario it cannot run, a named one not.
    static func expandMarkingFolders(_ paths: [String]) throws -> [(url: URL, fromFolder: Bool)] {
        var out: [(url: URL, fromFolder: Bool)] = []
        for p in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: p, isDirectory: &isDirectory) else { throw InputError("\(p): no such file or folder") }
            if isDirectory.boolValue {
                let names = ((try? FileManager.default.contentsOfDirectory(atPath: p)) ?? []).filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
                guard !names.isEmpty else { throw InputError("\(p): the folder holds no .yaml scenarios") }
                out += names.map { (URL(fileURLWithPath: p).appendingPathComponent($0), true) }
            } else {
                out.append((URL(fileURLWithPath: p), false))
            }
        }
        return out
    }
}
