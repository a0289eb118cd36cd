import Foundation
import TensorIO

/// The named tensors an analysis runs over: weight files and checkpoint folders, each opened
/// through ``TensorIO/Checkpoint``, or — with a base — the transformation weights of a
/// fine-tuned/base pair, tensor by tensor:
///
/// ```
/// ΔW = W_input − W_base      (same name and shape; in Double when either side is F64)
/// ```
///
/// Opening lists every step of the run in a fixed order: for each input in turn, its problems
/// (a file that does not open, header entries that are bad), its tensors of unsupported dtype,
/// then its selected tensors in file order. The base's own bad entries come first. Tensors are
/// read only when ``values(of:)`` asks.
public final class TensorSource: @unchecked Sendable {
    /// A tensor to analyse: where it lives, and its place among its input's selected tensors.
    public struct Tensor: Sendable {
        public let entry: Checkpoint.Entry
        /// Index of the input it comes from.
        public let input: Int
        /// Position among the selected tensors of that input, and their number.
        public let position: Int
        public let ofSelected: Int
        public var info: TensorInfo { entry.info }
    }

    /// One step of a run, in order.
    public enum Step: Sendable {
        /// A file or header problem, as its error's text.
        case problem(String)
        /// A tensor listed but not read (unsupported dtype).
        case skipped(SkippedTensor)
        /// A tensor to analyse.
        case tensor(Tensor)
    }

    public let inputs: [String]
    /// The base path, when ΔW is analysed.
    public let basePath: String?
    public let steps: [Step]
    /// Selected base tensors that no input has: nothing to subtract them from.
    public let orphans: [String]
    private let checkpoints: [Checkpoint?]
    private let base: Checkpoint?

    /// Notes about the inputs themselves (a config.json whose layer count disagrees with the
    /// tensors, tied embeddings), each prefixed with its input.
    public let notes: [String]
    /// Whether each input is a PEFT LoRA adapter folder (its tensors are ΔW already).
    private let adapters: [Bool]

    /// Opens `inputs` (and `base`); `selects` picks tensors by their info (it applies to the base
    /// as well). A base that does not open is thrown; an input that does not open is a problem step.
    /// An input that is a PEFT LoRA adapter folder is ΔW already: the base is not subtracted from
    /// it but handed to the adapter (DoRA's W₀); `loraFactors` analyses its A and B instead.
    public init(inputs: [String], base basePath: String? = nil, loraFactors: Bool = false,
                selects: (TensorInfo) -> Bool) throws(TensorIOError) {
        func open(_ path: String, base: Checkpoint? = nil) throws(TensorIOError) -> Checkpoint {
            try Checkpoint(url: URL(fileURLWithPath: path), skippingBadTensors: true, loraFactors: loraFactors, base: base)
        }
        let base = try basePath.map { (p) throws(TensorIOError) in try open(p) }
        var steps: [Step] = base?.skipped.map { .problem($0.description) } ?? []
        var checkpoints: [Checkpoint?] = []
        var adapters: [Bool] = []
        var notes: [String] = []
        var seen = Set<String>()
        for (i, input) in inputs.enumerated() {
            let adapter = PeftAdapter.isAdapter(URL(fileURLWithPath: input))
            adapters.append(adapter)
            let checkpoint: Checkpoint
            do { checkpoint = try open(input, base: adapter ? base : nil) } catch {
                steps.append(.problem(error.description))
                checkpoints.append(nil)
                continue
            }
            checkpoints.append(checkpoint)
            notes += checkpoint.notes.map { "\(input): \($0)" }
            steps += checkpoint.skipped.map { .problem($0.description) }
            steps += checkpoint.unsupported.map {
                .skipped(SkippedTensor(name: $0.name, file: $0.file.path, dtype: StorageType(name: $0.dtype), shape: nil, reason: "unsupported dtype \($0.dtype)"))
            }
            steps += checkpoint.aliases.map {
                .skipped(SkippedTensor(name: $0.name, file: $0.file.path, dtype: nil, shape: nil, reason: "alias of '\($0.of)' (shares its storage; analysed once)"))
            }
            let selected = checkpoint.entries.filter { selects($0.info) }
            for (k, e) in selected.enumerated() {
                if !adapter { seen.insert(e.info.name) }
                steps.append(.tensor(Tensor(entry: e, input: i, position: k, ofSelected: selected.count)))
            }
        }
        self.inputs = inputs
        self.basePath = basePath
        self.base = base
        self.steps = steps
        self.checkpoints = checkpoints
        self.adapters = adapters
        self.notes = notes
        // Only inputs the base is subtracted from can leave base tensors without a partner.
        orphans = adapters.contains(false)
            ? base?.entries.filter { selects($0.info) && !seen.contains($0.info.name) }.map(\.info.name) ?? []
            : []
    }

    /// The reader's notes about one tensor (a LoRA module's r, α and s), empty when none.
    public func notes(for tensor: Tensor) -> [String] {
        checkpoints[tensor.input]?.notes(for: tensor.info.name) ?? []
    }

    /// The bytes a step reads (its tensor's, plus the base's when ΔW is analysed); 0 for others.
    public func bytes(of step: Step) -> Int {
        guard case let .tensor(t) = step else { return 0 }
        return t.info.byteCount + (adapters[t.input] ? 0 : base?.entry(t.info.name)?.info.byteCount ?? 0)
    }

    /// Runs `body` on the stored bytes of `tensor` and its dtype, in place in the file's map, then
    /// gives the pages back; nil when there is a base to subtract or the reader holds no plain
    /// bytes (the values must then be read with ``values(of:)``).
    public func withPlainBytes<R>(of tensor: Tensor, _ body: (UnsafeRawBufferPointer, DType) -> R) -> R? {
        guard base == nil || adapters[tensor.input], let checkpoint = checkpoints[tensor.input] else { return nil }
        let name = tensor.info.name, dtype = tensor.info.dtype
        defer { checkpoint.releasePages(of: name) }
        return checkpoint.withPlainBytes(name) { body($0, dtype) }
    }

    /// Reads one tensor, minus its base: F64 (on either side) in Double, the rest as Float.
    public func values(of tensor: Tensor) throws(TensorSourceError) -> TensorValues {
        let name = tensor.info.name, entry = tensor.entry
        let checkpoint = checkpoints[tensor.input]!
        // An adapter's tensors are ΔW already (its base went to the adapter itself).
        let base = adapters[tensor.input] ? nil : self.base
        var baseEntry: Checkpoint.Entry?
        if let base, let basePath {
            guard let b = base.entry(name) else { throw .missingInBase(base: basePath, tensor: name, file: entry.file.path) }
            guard b.info.shape == entry.info.shape else {
                throw .shapeMismatch(tensor: name, file: entry.file.path, shape: entry.info.shape, base: basePath, baseShape: b.info.shape)
            }
            baseEntry = b
        }
        // The decoded copy is all the analysis needs: the mapped pages go back at once, so a scan
        // holds one tensor's pages, not the checkpoint's.
        defer {
            checkpoint.releasePages(of: name)
            base?.releasePages(of: name)
        }
        do {
            if entry.info.dtype == .f64 || baseEntry?.info.dtype == .f64 {
                return .double(try Self.difference(name, checkpoint, minus: base, as: Double.self))
            }
            return .single(try Self.difference(name, checkpoint, minus: base, as: Float.self))
        } catch { throw .read(error) }
    }

    /// The values of `name` in `checkpoint` minus those in `base` (when given), in `T`:
    /// ```
    /// ΔW[j] = W[j] − W_base[j]   (rounded to T)
    /// ```
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    static func difference<T: WeightScalar>(_ name: String, _ checkpoint: Checkpoint, minus base: Checkpoint?,
                                            as type: T.Type) throws(TensorIOError) -> [T] {
        var v = try checkpoint.values(name, as: type)
        if let base {
            let bv = try base.values(name, as: type)
            for j in v.indices { v[j] -= bv[j] }
        }
        return v
    }
}
