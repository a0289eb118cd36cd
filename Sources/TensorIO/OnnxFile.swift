import Foundation

/// The weights of an ONNX model (`.onnx`), read from the protocol-buffers wire format directly:
/// the graph's initializers, and those of every subgraph (`If`/`Loop`/`Scan` bodies) together
/// with `Constant` nodes' tensors, each named by its TensorProto name (a Constant's by its
/// output). Values come from `raw_data`, the packed typed fields (`float_data`, `int32_data` for
/// f16/bf16 bit patterns, `double_data`) or external data files.
///
/// External data (`data_location` = 1) names a file relative to the model's folder; a location
/// that is absolute, climbs out with `..` or resolves (through symlinks) outside the folder is
/// refused. Every range is checked on open: inline payloads against the tensor's element count,
/// external ranges against their file. FLOAT, FLOAT16, BFLOAT16 and DOUBLE are decoded; other
/// types are listed in ``unsupportedTensors`` under their ONNX name. The file is memory-mapped.
public final class OnnxFile: WeightFile, @unchecked Sendable {
    /// Deepest nesting of subgraphs followed.
    static let maxGraphDepth = 16

    /// One tensor of the model.
    struct Entry {
        let proto: OnnxTensorProto
        let name: String
        /// The external file holding the data, if any.
        let external: MappedFile?
    }

    public let url: URL
    public let tensors: [TensorInfo]
    public let unsupportedTensors: [(name: String, dtype: String)]
    private let entries: [String: Entry]
    private let map: MappedFile

    /// The model file's map (for the data extension).
    var mapped: MappedFile { map }

    /// The entry named `name`.
    func entry(_ name: String) -> Entry? { entries[name] }

    public func location(of name: String) -> Int? { entries[name]?.proto.offset }

    public init(url: URL) throws(TensorIOError) {
        self.url = url
        map = try MappedFile(path: url.path)
        var collected: [(String, OnnxTensorProto)] = []
        let root = ProtobufReader(bytes: map.bytes(0, map.size), file: url.path, range: 0..<map.size)
        var r = root
        while !r.atEnd {
            let (field, wire) = try r.key()
            if field == 7, wire == 2 { try Self.graph(root, try r.lengthDelimited(), depth: 1, into: &collected) } else { try r.skip(wire) }
        }
        var entries: [String: Entry] = [:]
        var tensors: [TensorInfo] = []
        var unsupported: [(String, String)] = []
        var externals: [String: MappedFile] = [:]
        for (name, proto) in collected {
            guard entries[name] == nil else { throw .duplicateName(file: url.path, tensor: name, offset: proto.offset) }
            var external: MappedFile?
            if case let .external(location, _, _) = proto.payload, proto.dtype != nil {
                if externals[location] == nil { externals[location] = try Self.externalFile(location, model: url, tensor: name, offset: proto.offset) }
                external = externals[location]
            }
            let entry = Entry(proto: proto, name: name, external: external)
            entries[name] = entry
            guard let dtype = proto.dtype, try Self.check(entry, in: map, file: url.path) else {
                unsupported.append((name, proto.dtype == nil ? proto.typeName : "\(proto.typeName) (unpacked typed field)"))
                continue
            }
            tensors.append(TensorInfo(name: name, dtype: dtype, shape: proto.dims))
        }
        self.entries = entries
        self.tensors = tensors
        unsupportedTensors = unsupported
    }

    /// Collects a GraphProto's initializers (5) and its nodes' (1) Constant tensors and subgraphs.
    static func graph(_ outer: ProtobufReader, _ range: Range<Int>, depth: Int, into out: inout [(String, OnnxTensorProto)]) throws(TensorIOError) {
        guard depth <= maxGraphDepth else { throw outer.error("subgraphs nested deeper than \(maxGraphDepth) levels", at: range.lowerBound) }
        var r = outer.message(range)
        while !r.atEnd {
            let (field, wire) = try r.key()
            switch (field, wire) {
            case (5, 2):
                let t = try OnnxTensorProto.parse(r, try r.lengthDelimited())
                out.append((t.name, t))
            case (1, 2): try node(r, try r.lengthDelimited(), depth: depth, into: &out)
            default: try r.skip(wire)
            }
        }
    }

    /// A NodeProto: output (2), op_type (4), attribute (5: name 1, t 5, g 6, graphs 11).
    static func node(_ outer: ProtobufReader, _ range: Range<Int>, depth: Int, into out: inout [(String, OnnxTensorProto)]) throws(TensorIOError) {
        var r = outer.message(range)
        var outputs: [String] = [], op = ""
        var value: OnnxTensorProto?
        while !r.atEnd {
            let (field, wire) = try r.key()
            guard wire == 2, field == 2 || field == 4 || field == 5 else { try r.skip(wire); continue }
            let payload = try r.lengthDelimited()
            if field == 2 { outputs.append(try r.string(payload)) } else if field == 4 { op = try r.string(payload) } else {
                var a = r.message(payload)
                var name = ""
                var tensor: OnnxTensorProto?
                while !a.atEnd {
                    let (f, w) = try a.key()
                    switch (f, w) {
                    case (1, 2): name = try a.string(try a.lengthDelimited())
                    case (5, 2): tensor = try OnnxTensorProto.parse(a, try a.lengthDelimited())
                    case (6, 2), (11, 2): try graph(a, try a.lengthDelimited(), depth: depth + 1, into: &out)
                    default: try a.skip(w)
                    }
                }
                if name == "value", let tensor { value = tensor }
            }
        }
        if op == "Constant", var value {
            if value.name.isEmpty { value.name = outputs.first ?? "" }
            out.append((value.name, value))
        }
    }

    /// Maps the external data file `location`, refusing any path that leaves the model's folder.
    static func externalFile(_ location: String, model: URL, tensor: String, offset: Int) throws(TensorIOError) -> MappedFile {
        let folder = model.deletingLastPathComponent().resolvingSymlinksInPath().standardizedFileURL
        let parts = location.split(separator: "/", omittingEmptySubsequences: false)
        guard !location.hasPrefix("/"), !location.contains("\\"), !parts.contains(".."), !parts.contains("") else {
            throw .malformedEntry(file: model.path, tensor: tensor, offset: offset, reason: "external data location '\(location)' leaves the model's folder")
        }
        let target = folder.appendingPathComponent(location).resolvingSymlinksInPath().standardizedFileURL
        guard target.path.hasPrefix(folder.path + "/") else {
            throw .malformedEntry(file: model.path, tensor: tensor, offset: offset, reason: "external data location '\(location)' resolves outside the model's folder")
        }
        return try MappedFile(path: target.path)
    }
}
