import Distributions
import Foundation
import Sampling
import TensorIO

/// Writes a whole model's hypothesised weights as a Hugging Face checkpoint folder:
/// `model-0000k-of-0000n.safetensors` shards of at most `maxShardBytes` of data each (a tensor
/// larger than that gets a shard of its own), `model.safetensors.index.json` with the
/// `weight_map`, and `config.json`.
///
/// Each tensor is drawn from the seed path `seeds / name` and streamed to its shard window by
/// window, so memory holds one window, never a tensor. The laws by role:
///
/// ```
/// weight in layer l    w = σ(l) / σ_law · x,   x ~ law      (σ(l) from the depth schedule)
/// other weights        w = x,   x ~ law                      (embeddings, lm_head, classifier)
/// norm scales          normLaw, else 1
/// biases               biasLaw, else 0
/// ```
public struct ModelCheckpointWriter: Sendable {
    public var architecture: ModelArchitecture
    public var law: any Distribution
    /// σ by layer; nil leaves every weight at the law's own σ.
    public var schedule: DepthSchedule?
    public var normLaw: (any Distribution)?
    public var biasLaw: (any Distribution)?
    public var dtype: DType
    public var maxShardBytes: Int
    public var sampler: TensorSampler
    public var seeds: SeedTree
    /// Extra `__metadata__` of every shard (`format: pt` is always written: transformers needs it).
    public var metadata: [String: String]

    public init(architecture: ModelArchitecture, law: any Distribution, schedule: DepthSchedule?, normLaw: (any Distribution)?,
                biasLaw: (any Distribution)?, dtype: DType, maxShardBytes: Int, sampler: TensorSampler, seeds: SeedTree, metadata: [String: String]) {
        self.architecture = architecture
        self.law = law
        self.schedule = schedule
        self.normLaw = normLaw
        self.biasLaw = biasLaw
        self.dtype = dtype
        self.maxShardBytes = maxShardBytes
        self.sampler = sampler
        self.seeds = seeds
        self.metadata = metadata
    }

    /// The tensors split into shards in order: a shard closes when the next tensor would take it
    /// past `maxShardBytes`.
    public func shards() -> [[ModelArchitecture.Tensor]] {
        var out: [[ModelArchitecture.Tensor]] = [], current: [ModelArchitecture.Tensor] = [], bytes = 0
        for t in architecture.tensors() {
            let b = t.count * dtype.byteWidth
            if !current.isEmpty, bytes + b > maxShardBytes {
                out.append(current)
                (current, bytes) = ([], 0)
            }
            current.append(t)
            bytes += b
        }
        if !current.isEmpty { out.append(current) }
        return out
    }

    /// The file name of shard `k` (0-based) of `n`.
    public static func shardName(_ k: Int, of n: Int) -> String {
        String(format: "model-%05d-of-%05d.safetensors", k + 1, n)
    }

    /// Writes the folder; `progress(done, total)` follows the tensors. Returns the bytes of data.
    /// The caller has validated the schedule over the architecture's layers.
    @discardableResult
    public func write(to folder: URL, overwrite: Bool, progress: (Int, Int) -> Void = { _, _ in }) throws(TensorIOError) -> Int {
        let shards = shards(), total = shards.reduce(0) { $0 + $1.count }
        var weightMap: [(String, String)] = [], done = 0, bytes = 0
        do { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) } catch {
            throw .cannotWrite(file: folder.path, reason: error.localizedDescription)
        }
        do {
            for (k, tensors) in shards.enumerated() {
                let name = Self.shardName(k, of: shards.count)
                let entries = tensors.map { TensorInfo(name: $0.name, dtype: dtype, shape: $0.shape) }
                let writer = try SafetensorsWriter(url: folder.appendingPathComponent(name), entries: entries,
                                                   metadata: metadata.merging(["format": "pt"]) { $1 }, overwrite: overwrite)
                // Workers write their blocks in place; no fsync (the shards can be drawn again from the seed).
                writer.durable = false
                let placement = try writer.placement()
                for (i, t) in tensors.enumerated() {
                    try draw(t, into: placement, tensor: i)
                    weightMap.append((t.name, name))
                    bytes += t.count * dtype.byteWidth
                    done += 1
                    progress(done, total)
                }
                try writer.finish()
            }
            let map = weightMap.sorted { $0.0 < $1.0 }.map { "    \(Self.quoted($0.0)): \(Self.quoted($0.1))" }.joined(separator: ",\n")
            let index = "{\n  \"metadata\": {\n    \"total_size\": \(bytes)\n  },\n  \"weight_map\": {\n\(map)\n  }\n}\n"
            try AtomicFile.write(Data(index.utf8), to: folder.appendingPathComponent("model.safetensors.index.json"), overwrite: overwrite)
            let torchType = ["BF16": "bfloat16", "F16": "float16", "F32": "float32", "F64": "float64"][dtype.rawValue]!
            try AtomicFile.write(architecture.configJSON(dtype: torchType), to: folder.appendingPathComponent("config.json"), overwrite: overwrite)
        }
        return bytes
    }

    /// Draws one tensor, scaled or constant as its role says, into tensor `i` of `placement`:
    /// each worker writes the blocks it draws (``TensorSampler/drawBlocks(_:shape:law:seeds:_:)``).
    func draw(_ t: ModelArchitecture.Tensor, into placement: TensorPlacement, tensor i: Int) throws(TensorIOError) {
        let node = seeds.child(t.name)
        var drawn: (any Distribution)?, scale = 1.0, constant: Float = 0
        switch t.role {
        case .weight:
            drawn = law
            if let schedule, let l = t.depth { scale = schedule.value(depth: l, layers: architecture.layers) / law.moments.std }
        case .norm: (drawn, constant) = (normLaw, 1)
        case .bias: (drawn, constant) = (biasLaw, 0)
        }
        guard let drawn else {
            let chunk = [Float](repeating: constant, count: min(t.count, 1 << 16))
            var start = 0
            while start < t.count {
                let n = min(t.count - start, chunk.count)
                try chunk.withUnsafeBufferPointer { (p) throws(TensorIOError) in try placement.write(UnsafeBufferPointer(rebasing: p[0..<n]), tensor: i, at: start) }
                start += n
            }
            return
        }
        let a = Float(scale)
        try sampler.drawBlocks(Float.self, shape: t.shape, law: drawn, seeds: node) { (block, start) throws(TensorIOError) in
            guard a != 1 else { return try placement.write(block, tensor: i, at: start) }
            let scaled = [Float](unsafeUninitializedCapacity: block.count) { out, n in
                for j in 0..<block.count { out[j] = block[j] * a }
                n = block.count
            }
            try scaled.withUnsafeBufferPointer { (p) throws(TensorIOError) in try placement.write(p, tensor: i, at: start) }
        }
    }

    static func quoted(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
