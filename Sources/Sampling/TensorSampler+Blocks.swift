import Distributions
import Foundation
import TensorIO

extension TensorSampler {
    /// Draws the tensor block by block on the worker threads and hands each block, with the flat
    /// index of its first value, to `body` on the thread that drew it — in no particular order and
    /// several at once — so that drawing and writing overlap (each worker writes its own blocks in
    /// place, see `TensorPlacement`). The blocks hold exactly the values ``sample(_:shape:law:seeds:)``
    /// has at those indices, for any thread count:
    ///
    /// ```
    /// block b = values [b·B, min((b+1)·B, N)),  drawn from engine(seeds / "block" / b),  on worker b mod threads
    /// ```
    /// Memory: one block per thread. Complexity: O(N) draws, N/B calls of `body`.
    /// - Throws: the first error `body` throws; the other workers stop before their next block.
    public func drawBlocks<T: WeightScalar, E: Error>(
        _ type: T.Type, shape: [Int], law: any Distribution, seeds: SeedTree,
        _ body: @Sendable (UnsafeBufferPointer<T>, Int) throws(E) -> Void
    ) throws(E) {
        try blocks(plan: Plan(law: law, shape: shape, seeds: seeds, generator: generator), fill: { fillWindow($0, from: $1, plan: $2) }, body)
    }

    private func blocks<T, E: Error>(
        plan: Plan, fill: @Sendable (UnsafeMutableBufferPointer<T>, Int, Plan) -> Void,
        _ body: @Sendable (UnsafeBufferPointer<T>, Int) throws(E) -> Void
    ) throws(E) {
        let n = plan.count, blockSize = self.blockSize
        guard n > 0 else { return }
        let count = (n + blockSize - 1) / blockSize
        let workers = max(1, min(threads, count))
        let failure = FirstFailure<E>()
        // One buffer per worker, so the workers (not `strided`'s jobs) are the unit here.
        ParallelLoop.workers(count: workers) { worker in
            let buffer = UnsafeMutableBufferPointer<T>.allocate(capacity: min(blockSize, n))
            defer { buffer.deallocate() }
            var b = worker
            while b < count, !failure.happened {
                let start = b * blockSize
                let block = UnsafeMutableBufferPointer(rebasing: buffer[0..<min(blockSize, n - start)])
                fill(block, start, plan)
                do throws(E) { try body(UnsafeBufferPointer(block), start) } catch { failure.record(error) }
                b += workers
            }
        }
        if let error = failure.error { throw error }
    }

    /// The first error of any worker, under a lock.
    private final class FirstFailure<E: Error>: @unchecked Sendable {
        private let lock = NSLock()
        private var first: E?

        var happened: Bool { lock.withLock { first != nil } }
        var error: E? { lock.withLock { first } }
        func record(_ e: E) { lock.withLock { if first == nil { first = e } } }
    }
}
