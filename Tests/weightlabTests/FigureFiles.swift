import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Checks of the files a figure is made of, written independently of the library's own checks:
/// PNG chunks walked to IEND with their CRCs, SVG parsed as XML, data blocks read back.
enum FigureFiles {
    /// Why the file is not a complete PNG; nil when it is.
    static func pngProblem(_ url: URL) -> String? {
        guard let bytes = (try? Data(contentsOf: url)).map(Array.init), !bytes.isEmpty else { return "missing or empty" }
        guard bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) else { return "no signature" }
        var at = 8
        var first = true
        while at + 12 <= bytes.count {
            let length = Int(bytes[at]) << 24 | Int(bytes[at + 1]) << 16 | Int(bytes[at + 2]) << 8 | Int(bytes[at + 3])
            let type = String(decoding: bytes[at + 4..<at + 8], as: UTF8.self)
            if first && type != "IHDR" { return "first chunk \(type)" }
            first = false
            guard at + 12 + length <= bytes.count else { return "chunk \(type) runs past the end" }
            let crc = bytes[at + 8 + length..<at + 12 + length].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            guard crc32(bytes[at + 4..<at + 8 + length]) == crc else { return "bad CRC in \(type)" }
            at += 12 + length
            if type == "IEND" { return at == bytes.count ? nil : "bytes after IEND" }
        }
        return "no IEND"
    }

    static func crc32(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for b in bytes {
            c ^= UInt32(b)
            for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        }
        return ~c
    }

    /// Whether the file parses as XML and its root is an svg element.
    static func isSVG(_ url: URL) -> Bool {
        guard let data = try? Data(contentsOf: url) else { return false }
        final class Root: NSObject, XMLParserDelegate {
            var name: String?
            func parser(_ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
                if name == nil { name = element }
            }
        }
        let parser = XMLParser(data: data)
        let root = Root()
        parser.delegate = root
        return parser.parse() && root.name == "svg"
    }

    /// The blocks of a figure's data file, by the series label and panel number in each block's
    /// header (`# index N: panel P 'title', series 'label'`).
    struct DataFile {
        struct Block {
            var panel: Int
            var panelTitle: String
            var label: String
            var rows: [[Double]]
        }
        var blocks: [Block]

        init(_ url: URL) throws {
            let text = try String(contentsOf: url, encoding: .utf8)
            blocks = text.components(separatedBy: "# index ").dropFirst().map { part in
                let lines = part.split(separator: "\n", omittingEmptySubsequences: true)
                let header = String(lines.first ?? "")
                let panel = Int(header.split(separator: " ").dropFirst(2).first ?? "") ?? 0
                let title = header.components(separatedBy: "'").dropFirst().first ?? ""
                let label = header.components(separatedBy: "series '").last.map { String($0.dropLast()) } ?? ""
                return Block(panel: panel, panelTitle: title, label: label,
                             rows: lines.dropFirst().map { $0.split(separator: " ").map { Double($0) ?? .nan } })
            }
        }

        /// The blocks whose series label starts with `label`.
        func blocks(_ label: String) -> [Block] { blocks.filter { $0.label.hasPrefix(label) } }
    }

    /// Runs the weightlab binary with a given PATH (to hide gnuplot).
    static func run(_ arguments: [String], path: String) throws -> CLI.Result {
        let p = Process()
        p.executableURL = CLI.binary
        p.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["PATH"] = path
        p.environment = env
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return CLI.Result(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    /// Runs a shell command line; returns the status and stderr.
    static func shell(_ command: String) throws -> (status: Int32, stderr: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", command]
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        let e = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        return (p.terminationReason == .exit ? p.terminationStatus : -p.terminationStatus, e)
    }
}
