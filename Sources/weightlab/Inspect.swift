import Analysis
import ArgumentParser
import Foundation
import TensorIO

/// `weightlab inspect`: what a checkpoint holds, from its headers alone (no tensor data is read,
/// so it is instant on a checkpoint of any size).
struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the tensors and metadata of a weight file or checkpoint folder, reading no tensor data.",
        discussion: """
        Per tensor: name, format, dtype or quantisation (GGUF), shape, bytes in the file, and the
        depth and module kind read from the name (as analyze groups them); tensors WeightLab does
        not decode are listed with their own type. Then each file's metadata (safetensors
        __metadata__, GGUF key/values; long arrays shortened). Examples:
          weightlab inspect model.gguf
          weightlab inspect checkpoint/ --json listing.json
        """
    )

    @Argument(help: "A weight file (.safetensors, .npy, .gguf) or a checkpoint folder.")
    var input: String

    @OptionGroup var json: JSONOutput
    @OptionGroup var forceFlag: ForceFlag

    /// Array elements shown per metadata array.
    static let arrayLimit = 64

    /// One tensor's line of the listing.
    struct Row {
        let name: String
        let file: URL
        let format: String
        let dtype: String
        let shape: [Int]?
        let bytes: Int?
        let decoded: Bool
    }

    func run() throws {
        let checkpoint: Checkpoint
        do { checkpoint = try Checkpoint(url: URL(fileURLWithPath: input), skippingBadTensors: true) } catch { throw InputError(error) }
        for problem in checkpoint.skipped { Terminal.warning(problem.description) }
        let files = checkpoint.files.keys.sorted { $0.path < $1.path }
        let rows = Self.rows(checkpoint)
        if json.path != nil {
            let object: [String: Any] = [
                "input": input,
                "files": files.map { ["file": $0.path, "format": Self.format($0), "metadata": Self.metadataJSON(checkpoint.files[$0]!)] },
                "tensors": rows.map(Self.json),
            ]
            try json.write(try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]),
                           overwrite: forceFlag.force)
            if json.toStdout { return }
        }
        var table = [["tensor", "format", "dtype", "shape", "bytes", "depth", "module"]]
        for r in rows {
            let kind = TensorName(r.name)
            table.append([r.name, r.format, r.decoded ? r.dtype : r.dtype + " (not decoded)", r.shape.map(Self.shapeText) ?? "?",
                          r.bytes.map(String.init) ?? "?", kind.depth.map(String.init) ?? "–", kind.module.rawValue])
        }
        print(AnalysisTable.grid(table))
        let total = rows.compactMap(\.bytes).reduce(0, +)
        let count = files.reduce(0) { $0 + ((checkpoint.files[$1] as? GGUFFile)?.parts.count ?? 1) }
        print("\(rows.count) tensors, \(total) bytes of tensor data in \(count) file\(count == 1 ? "" : "s")")
        for url in files {
            let metadata = Self.metadataLines(checkpoint.files[url]!)
            guard !metadata.isEmpty else { continue }
            print("\nmetadata of \(((checkpoint.files[url] as? GGUFFile)?.parts.first ?? url).lastPathComponent):")
            for (key, value) in metadata { print("  \(key) = \(value)") }
        }
    }

    static func format(_ url: URL) -> String { (WeightFileFormat(url: url) ?? .safetensors).rawValue }

    static func shapeText(_ shape: [Int]) -> String { shape.isEmpty ? "scalar" : shape.map(String.init).joined(separator: "x") }

    /// Every tensor of the checkpoint, readable ones in file order, then the ones not decoded.
    static func rows(_ checkpoint: Checkpoint) -> [Row] {
        var rows: [Row] = []
        for e in checkpoint.entries {
            let gguf = (checkpoint.files[e.file] as? GGUFFile)?.entry(e.info.name)
            rows.append(Row(name: e.info.name, file: e.file, format: format(e.file), dtype: StorageType(e.info).name,
                            shape: e.info.shape, bytes: gguf?.byteCount ?? e.info.byteCount, decoded: true))
        }
        for u in checkpoint.unsupported {
            let gguf = (checkpoint.files[u.file] as? GGUFFile)?.entry(u.name)
            rows.append(Row(name: u.name, file: u.file, format: format(u.file), dtype: u.dtype, shape: gguf?.shape, bytes: gguf?.byteCount, decoded: false))
        }
        return rows
    }

    static func json(_ r: Row) -> [String: Any] {
        let kind = TensorName(r.name)
        var o: [String: Any] = ["name": r.name, "file": r.file.path, "format": r.format, "dtype": r.dtype, "decoded": r.decoded, "module": kind.module.rawValue]
        if let shape = r.shape { o["shape"] = shape }
        if let bytes = r.bytes { o["bytes"] = bytes }
        if let depth = kind.depth { o["depth"] = depth }
        return o
    }

    /// The metadata of a file as `key = value` lines, in the file's order.
    static func metadataLines(_ file: any WeightFile) -> [(String, String)] {
        if let g = file as? GGUFFile { return g.metadata.map { ($0.key, $0.value.summary()) } }
        if let s = file as? SafetensorsFile { return s.metadata.sorted { $0.key < $1.key }.map { ($0.key, $0.value) } }
        return []
    }

    static func metadataJSON(_ file: any WeightFile) -> [String: Any] {
        if let g = file as? GGUFFile { return Dictionary(g.metadata.map { ($0.key, json($0.value)) }, uniquingKeysWith: { a, _ in a }) }
        if let s = file as? SafetensorsFile { return s.metadata }
        return [:]
    }

    /// A GGUF value as JSON: numbers, booleans and strings as themselves (non-finite floats as
    /// "nan"/"inf"/"-inf"); an array as {type, count, values} with at most ``arrayLimit`` values.
    static func json(_ value: GGUFValue) -> Any {
        func real(_ x: Double) -> Any { x.isFinite ? x : (x.isNaN ? "nan" : (x > 0 ? "inf" : "-inf")) }
        switch value {
        case let .float32(v): return real(Double(v))
        case let .float64(v): return real(v)
        case let .bool(v): return v
        case let .string(s): return s
        case let .uint64(v): return NSNumber(value: v)
        case let .array(type, count, elements):
            let name = Int(type) < GGUFValue.typeNames.count ? GGUFValue.typeNames[Int(type)] : "\(type)"
            return ["type": name, "count": count, "values": elements.prefix(arrayLimit).map(json)] as [String: Any]
        default: return NSNumber(value: value.integer ?? 0)
        }
    }
}
