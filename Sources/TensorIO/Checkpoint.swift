import Foundation

/// The tensors of one or more weight files, by name: a `.safetensors` file, a `.npy` file, or a
/// folder holding a sharded checkpoint (`model.safetensors.index.json` or `pytorch_model.bin.index.json`
/// with its `weight_map`, or else every `*.safetensors`, `*.bin`/`*.pt`/`*.pth`, `*.gguf` or `*.onnx` in it). Files are memory-mapped; values are decoded on request.
public final class Checkpoint: @unchecked Sendable {
    /// Where one tensor lives.
    public struct Entry: Sendable {
        public let info: TensorInfo
        public let file: URL
    }

    /// Readable tensors in file order.
    public let entries: [Entry]
    /// Tensors skipped because WeightLab does not read their dtype (file: name → dtype).
    public let unsupported: [(file: URL, name: String, dtype: String)]
    /// With `skippingBadTensors`: the tensors left out of files because their header entries are
    /// invalid, each with its error (see ``SafetensorsFile``). Empty otherwise.
    public let skipped: [TensorIOError]
    /// The open reader of every file, by URL.
    public let files: [URL: any WeightFile]
    /// Tensors read once under another name because they share its storage (PyTorch views and
    /// tied weights): file, the alias, and the tensor it repeats.
    public let aliases: [(file: URL, name: String, of: String)]
    /// For a folder with a config.json: where the checkpoint and its config disagree, or what
    /// the config explains (a tied `lm_head.weight`). See ``conventionNotes(folder:names:)``.
    public let notes: [String]

    /// Opens `url` (a file or a checkpoint folder); with `skippingBadTensors`, a file whose header
    /// parses but has invalid entries keeps its valid tensors.
    /// A folder holding `adapter_config.json` is a PEFT LoRA adapter (``PeftAdapter``): its tensors
    /// are the ΔW of each adapted module, or with `loraFactors` the A and B factors themselves.
    /// `base`, for an adapter, lets DoRA modules give the merged W′ − W₀ (see ``PeftAdapter``).
    public init(url: URL, skippingBadTensors: Bool = false, loraFactors: Bool = false, base: Checkpoint? = nil) throws(TensorIOError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else { throw .notFound(file: url.path) }
        var paths: [URL] = []
        let adapter = isDirectory.boolValue && PeftAdapter.isAdapter(url)
        if adapter {
            paths = [url]
        } else if isDirectory.boolValue {
            paths = try Checkpoint.files(folder: url)
        } else {
            paths = [url]
        }
        var entries: [Entry] = []
        var unsupported: [(URL, String, String)] = []
        var skipped: [TensorIOError] = []
        var files: [URL: any WeightFile] = [:]
        var aliases: [(URL, String, String)] = []
        var seen = Set<String>()
        for f in paths {
            let file: any WeightFile = adapter
                ? try PeftAdapter(url: f, factors: loraFactors, base: base, skippingBadTensors: skippingBadTensors)
                : try (WeightFileFormat(url: f) ?? .safetensors).open(f, lenient: skippingBadTensors)
            files[f] = file
            skipped += file.skipped
            for t in file.tensors {
                guard seen.insert(t.name).inserted else { throw .duplicateName(file: f.path, tensor: t.name, offset: file.location(of: t.name)) }
                entries.append(Entry(info: t, file: f))
            }
            for u in file.unsupportedTensors { unsupported.append((f, u.name, u.dtype)) }
            for a in file.aliases { aliases.append((f, a.name, a.of)) }
        }
        self.entries = entries
        self.unsupported = unsupported
        self.skipped = skipped
        self.files = files
        self.aliases = aliases
        let names = entries.map(\.info.name) + unsupported.map(\.1) + aliases.map(\.1)
        notes = isDirectory.boolValue && !adapter ? Checkpoint.conventionNotes(folder: url, names: names) : []
    }

    /// The weight files of a checkpoint folder: the shards of `model.safetensors.index.json`, else
    /// of `pytorch_model.bin.index.json`, else every `*.safetensors`, else every `*.bin`, `*.pt`
    /// and `*.pth` file but a trainer's state (``trainerState(_:)``), else every `*.gguf` (a split
    /// by its first file), else every `*.onnx`, sorted by name.
    static func files(folder url: URL) throws(TensorIOError) -> [URL] {
        for indexName in ["model.safetensors.index.json", "pytorch_model.bin.index.json"] {
            let index = url.appendingPathComponent(indexName)
            if FileManager.default.fileExists(atPath: index.path) { return try Checkpoint.shards(index: index, folder: url) }
        }
        let all = ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).sorted()
        for extensions in [["safetensors"], ["bin", "pt", "pth"], ["gguf"], ["onnx"]] {
            let names = all.filter {
                extensions.contains(URL(fileURLWithPath: $0).pathExtension.lowercased()) && !Self.trainerState($0) && !Self.laterGGUFSplit($0)
            }
            if !names.isEmpty { return names.map { url.appendingPathComponent($0) } }
        }
        throw .cannotRead(file: url.path, reason: "the folder holds no .safetensors, .bin, .pt, .pth, .gguf or .onnx files and no model.safetensors.index.json")
    }

    /// Whether `name` is file 2 or later of a split GGUF, `PREFIX-0000i-of-0000n.gguf` with i > 1:
    /// ``GGUFFile`` opens a split whole through its first file.
    static func laterGGUFSplit(_ name: String) -> Bool {
        guard let match = name.wholeMatch(of: /.*-([0-9]{5})-of-[0-9]{5}\.gguf/) else { return false }
        return Int(match.1) != 1
    }

    /// Whether `name` is one of the files a training run leaves beside the weights (Hugging Face
    /// Trainer's arguments, optimizer, scheduler and random states), which are not weights.
    static func trainerState(_ name: String) -> Bool {
        ["training_args.bin", "optimizer.pt", "scheduler.pt", "scaler.pt"].contains(name) || name.hasPrefix("rng_state")
    }

    /// The shard files named by an index's `weight_map`, in first-mention order. The index is
    /// read like a safetensors header: at most ``SafetensorsFile/headerLimit`` bytes.
    static func shards(index: URL, folder: URL) throws(TensorIOError) -> [URL] {
        let map = try MappedFile(path: index.path)
        guard map.size <= SafetensorsFile.headerLimit else {
            throw .cannotRead(file: index.path, reason: "the index has \(map.size) bytes, more than the limit of \(SafetensorsFile.headerLimit)")
        }
        let root: JSONValue
        do { root = try JSONValue.parse(map.bytes(0, map.size)) } catch {
            throw .malformedHeader(file: index.path, offset: error.offset, reason: "not valid JSON (\(error.reason))")
        }
        guard case let .object(members) = root, let weightMap = members.first(where: { $0.key == "weight_map" }) else {
            throw .malformedHeader(file: index.path, offset: 0, reason: "no weight_map object")
        }
        guard case let .object(map) = weightMap.value else {
            throw .malformedHeader(file: index.path, offset: weightMap.offset, reason: "weight_map is not an object")
        }
        var files: [String] = []
        for entry in map {
            guard case let .string(file) = entry.value else {
                throw .malformedHeader(file: index.path, offset: entry.offset, reason: "weight_map entry '\(entry.key)' is not a file name")
            }
            guard !file.contains("/"), !file.hasPrefix(".") else {
                throw .malformedHeader(file: index.path, offset: entry.offset, reason: "shard name '\(file)' leaves the folder")
            }
            if !files.contains(file) { files.append(file) }
        }
        return files.map { folder.appendingPathComponent($0) }
    }

    /// The entry named `name`.
    public func entry(_ name: String) -> Entry? { entries.first { $0.info.name == name } }

    /// The reader's notes about tensor `name` (a LoRA module's r, α and s), empty when none.
    public func notes(for name: String) -> [String] {
        guard let e = entry(name) else { return [] }
        return files[e.file]?.notes(for: name) ?? []
    }

    /// The values of `name` as `T` (exact as Double; F64 rounded to nearest as Float).
    public func values<T: WeightScalar>(_ name: String, as type: T.Type) throws(TensorIOError) -> [T] {
        guard let e = entry(name) else { throw .noSuchTensor(file: entries.first?.file.path ?? "", tensor: name) }
        return try files[e.file]!.values(name, as: type)
    }
}
