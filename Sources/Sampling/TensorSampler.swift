import Distributions
import GSLKit
import TensorIO

/// Fills tensors with draws from a law, in fixed-size blocks on several threads, so that the
/// values depend only on (law, shape, seed path, generator) — never on the thread count.
///
/// ```
/// block b covers flat indices [b·B, min((b+1)·B, N)),  B = blockSize
/// block b draws from engine(seeds / "block" / b)
/// ```
/// Laws whose elements share a random scale by row, column or block (``ScaleMixture`` with a
/// grouping other than `.element`) first draw one scale per group from `seeds / "scales"`,
/// sequentially, then fill the blocks with S[group(i)]·G.
public struct TensorSampler: Sendable {
    /// The bit generator of every block's engine.
    public var generator: Generator
    /// Elements per block; part of the reproducibility contract (changing it changes the values).
    public var blockSize: Int
    /// Worker threads; any value gives the same values.
    public var threads: Int

    /// The block size WeightLab uses: 2¹⁶ elements (256 KiB of f32), small enough to balance two
    /// threads on small tensors, large enough that engine set-up is negligible.
    public static let defaultBlockSize = 1 << 16

    public init(generator: Generator = .default, blockSize: Int = TensorSampler.defaultBlockSize, threads: Int = 1) {
        precondition(blockSize > 0, "blockSize must be positive")
        self.generator = generator
        self.blockSize = blockSize
        self.threads = max(1, threads)
    }

    /// Blocks per window of ``stream(_:shape:law:seeds:windowBlocks:_:)``: 32 blocks = 2²¹ values
    /// (8 MiB of f32, 16 MiB of f64), enough to keep the threads busy between writes.
    public static let defaultWindowBlocks = 32

    /// Fills `buffer` (row-major, `shape`) with draws from `law`, in either precision: the draws
    /// are the same, and a Float buffer holds the Double values rounded.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func fill<T: WeightScalar>(_ buffer: UnsafeMutableBufferPointer<T>, shape: [Int], law: any Distribution, seeds: SeedTree) {
        precondition(shape.reduce(1, *) == buffer.count, "buffer of \(buffer.count) elements does not match shape \(shape)")
        fillWindow(buffer, from: 0, plan: Plan(law: law, shape: shape, seeds: seeds, generator: generator))
    }

    /// A new array of `count(shape)` draws of type `T`, e.g. `sample(Float.self, shape: [r, c], …)`.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func sample<T: WeightScalar>(_ type: T.Type, shape: [Int], law: any Distribution, seeds: SeedTree) -> [T] {
        let n = shape.reduce(1, *)
        // An empty result is a plain [] (the uninitialized-capacity initializer writes the count into the
        // shared empty-array storage even for 0, a benign race that ThreadSanitizer reports).
        guard n > 0 else { return [] }
        return [T](unsafeUninitializedCapacity: n) { buffer, initialized in
            fill(buffer, shape: shape, law: law, seeds: seeds)
            initialized = n
        }
    }

    /// Draws the tensor window by window and hands each window to `body`, in order; the windows
    /// concatenate to exactly the values ``sample(_:shape:law:seeds:)`` returns, while only one
    /// window (`windowBlocks` blocks) is held in memory.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func stream<T: WeightScalar>(
        _ type: T.Type, shape: [Int], law: any Distribution, seeds: SeedTree, windowBlocks: Int = TensorSampler.defaultWindowBlocks,
        _ body: (UnsafeBufferPointer<T>) throws -> Void
    ) rethrows {
        let plan = Plan(law: law, shape: shape, seeds: seeds, generator: generator)
        try streamWindows(plan: plan, windowBlocks: windowBlocks, fill: fillWindow, body)
    }

    /// What every block of one tensor needs: the law, the block seeds and any shared scales.
    struct Plan: Sendable {
        let law: any Distribution
        let count: Int
        let blockSeeds: SeedTree
        let scales: GroupScales?

        init(law: any Distribution, shape: [Int], seeds: SeedTree, generator: Generator) {
            self.law = law
            count = shape.reduce(1, *)
            blockSeeds = seeds.child("block")
            scales = GroupScales(law: law, shape: shape, seeds: seeds.child("scales"), generator: generator)
        }
    }

    private func streamWindows<T>(
        plan: Plan, windowBlocks: Int,
        fill: (UnsafeMutableBufferPointer<T>, Int, Plan) -> Void,
        _ body: (UnsafeBufferPointer<T>) throws -> Void
    ) rethrows {
        precondition(windowBlocks > 0, "windowBlocks must be positive")
        let n = plan.count
        let window = min(n, windowBlocks * blockSize)
        guard window > 0 else { return }
        let buffer = UnsafeMutableBufferPointer<T>.allocate(capacity: window)
        defer { buffer.deallocate() }
        var start = 0
        while start < n {
            let part = UnsafeMutableBufferPointer(rebasing: buffer[0..<min(window, n - start)])
            fill(part, start, plan)
            try body(UnsafeBufferPointer(part))
            start += part.count
        }
    }

    /// Fills `window` (flat indices `start ..< start + window.count`) block by block: by the shared
    /// group scales when the law has them, by the law's own bulk sampler otherwise.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    func fillWindow<T: WeightScalar>(_ window: UnsafeMutableBufferPointer<T>, from start: Int, plan: Plan) {
        forEachBlock(of: window, from: start, seeds: plan.blockSeeds) { block, index, engine in
            if let scales = plan.scales { scales.fill(block, startIndex: index, using: engine) } else { plan.law.fill(scalars: block, using: engine) }
        }
    }

    /// Splits `window` (flat indices `start ..< start + window.count`, `start` on a block
    /// boundary) into blocks and hands each, with its own engine, to `body` on the workers.
    private func forEachBlock<T>(
        of window: UnsafeMutableBufferPointer<T>, from start: Int, seeds blockSeeds: SeedTree,
        _ body: @Sendable (UnsafeMutableBufferPointer<T>, Int, RandomEngine) -> Void
    ) {
        precondition(start % blockSize == 0, "windows start on a block boundary")
        let n = window.count
        guard n > 0 else { return }
        let first = start / blockSize
        let blocks = (n + blockSize - 1) / blockSize
        let generator = self.generator, blockSize = self.blockSize
        let base = UncheckedPointer(window.baseAddress!)
        ParallelLoop.strided(count: blocks, threads: threads) { b in
            let offset = b * blockSize
            let block = UnsafeMutableBufferPointer(start: base.pointer + offset, count: min(blockSize, n - offset))
            body(block, start + offset, blockSeeds.child(first + b).engine(generator))
        }
    }
}
