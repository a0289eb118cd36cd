import Distributions
import GSLKit

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

    /// Fills `buffer` (row-major, `shape`) with draws from `law`.
    public func fill(_ buffer: UnsafeMutableBufferPointer<Float>, shape: [Int], law: any Distribution, seeds: SeedTree) {
        let scales = GroupScales(law: law, shape: shape, seeds: seeds.child("scales"), generator: generator)
        forEachBlock(of: buffer, shape: shape, seeds: seeds) { block, start, engine in
            if let scales { scales.fill(block, startIndex: start, using: engine) } else { law.fill(block, using: engine) }
        }
    }

    /// Fills a double-precision buffer (row-major, `shape`) with draws from `law`.
    public func fill(_ buffer: UnsafeMutableBufferPointer<Double>, shape: [Int], law: any Distribution, seeds: SeedTree) {
        let scales = GroupScales(law: law, shape: shape, seeds: seeds.child("scales"), generator: generator)
        forEachBlock(of: buffer, shape: shape, seeds: seeds) { block, start, engine in
            if let scales { scales.fill(block, startIndex: start, using: engine) } else { law.fill(block, using: engine) }
        }
    }

    /// A new array of `count(shape)` draws.
    public func sample(shape: [Int], law: any Distribution, seeds: SeedTree) -> [Float] {
        let n = shape.reduce(1, *)
        return [Float](unsafeUninitializedCapacity: n) { buffer, initialized in
            fill(buffer, shape: shape, law: law, seeds: seeds)
            initialized = n
        }
    }

    /// A new double-precision array of `count(shape)` draws.
    public func sampleDoubles(shape: [Int], law: any Distribution, seeds: SeedTree) -> [Double] {
        let n = shape.reduce(1, *)
        return [Double](unsafeUninitializedCapacity: n) { buffer, initialized in
            fill(buffer, shape: shape, law: law, seeds: seeds)
            initialized = n
        }
    }

    /// Splits `buffer` into blocks and hands each, with its own engine, to `body` on the workers.
    private func forEachBlock<T>(
        of buffer: UnsafeMutableBufferPointer<T>, shape: [Int], seeds: SeedTree,
        _ body: @Sendable (UnsafeMutableBufferPointer<T>, Int, RandomEngine) -> Void
    ) {
        let n = buffer.count
        precondition(shape.reduce(1, *) == n, "buffer of \(n) elements does not match shape \(shape)")
        guard n > 0 else { return }
        let blocks = (n + blockSize - 1) / blockSize
        let blockSeeds = seeds.child("block")
        let generator = self.generator, blockSize = self.blockSize
        let base = UncheckedPointer(buffer.baseAddress!)
        ParallelBlocks.run(count: blocks, threads: threads) { b in
            let start = b * blockSize
            let block = UnsafeMutableBufferPointer(start: base.pointer + start, count: min(blockSize, n - start))
            body(block, start, blockSeeds.child(b).engine(generator))
        }
    }
}

/// A pointer the worker threads write disjoint ranges through.
struct UncheckedPointer<T>: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<T>
    init(_ pointer: UnsafeMutablePointer<T>) { self.pointer = pointer }
}
