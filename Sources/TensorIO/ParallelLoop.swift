import Foundation

/// The package's parallel loops, one place for every module that splits work across cores.
///
/// ```
/// chunks(count:chunkSize:_:)   [0, count) in chunks of chunkSize, mapped at once (Dispatch);
///                              results in chunk order, so reductions over them are deterministic
/// strided(count:threads:_:)    jobs 0..<count on t = min(threads, count) workers (Dispatch),
///                              job i on worker i mod t
/// ranges(count:threads:_:)     [0, count) cut into t contiguous ranges [count·w/t, count·(w+1)/t),
///                              one per worker (Dispatch)
/// workers(count:_:)            body(w) for w in 0..<count at once (Dispatch), for loops that keep
///                              state per worker (a buffer, a cursor into a shared queue)
/// threads(count:_:)            the same body on `count` threads of their own (the caller and
///                              count − 1 POSIX threads)
/// ```
/// Every split depends only on its arguments, never on timing, so results are the same on every
/// run and (for `strided`, whose jobs must not depend on the worker) for every thread count.
///
/// `threads` exists because libdispatch treats a `concurrentPerform` inside another as nested and
/// divides the width among the outer iterations: with two tensor workers on two cores, every
/// tensor's own parallel parts (the analyzer's parts, the fits' chunked sums) would run one after
/// another, also while a large tensor runs alone. Plain threads do not count as nesting, so outer
/// workers (the analysis's tensor workers) use `threads` and inner loops use the Dispatch ones.
package enum ParallelLoop {
    /// Read-only access to a buffer from worker threads.
    package struct Shared<T>: @unchecked Sendable {
        package let buffer: UnsafeBufferPointer<T>
        package init(buffer: UnsafeBufferPointer<T>) { self.buffer = buffer }
    }

    /// One slot per chunk, written by exactly one worker through a raw pointer (never through a
    /// shared Swift array, whose in-place mutation from several threads is a data race).
    private struct Slots<R>: @unchecked Sendable {
        let base: UnsafeMutablePointer<R>
    }

    /// Maps each chunk of [0, count) (at least one, possibly empty) and returns the results in
    /// chunk order.
    package static func chunks<R>(count: Int, chunkSize: Int = 1 << 18, _ body: @Sendable (Range<Int>) -> R) -> [R] {
        let chunks = Swift.max(1, (count + chunkSize - 1) / chunkSize)
        return [R](unsafeUninitializedCapacity: chunks) { buffer, initialized in
            let slots = Slots(base: buffer.baseAddress!)
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                (slots.base + c).initialize(to: body((c * chunkSize)..<Swift.min(count, (c + 1) * chunkSize)))
            }
            initialized = chunks
        }
    }

    /// Runs jobs 0..<count with a fixed, static assignment (job i on worker i mod t); one worker
    /// runs them in order on the calling thread.
    package static func strided(count: Int, threads: Int, _ job: @Sendable (Int) -> Void) {
        let t = Swift.max(1, Swift.min(threads, count))
        if t == 1 {
            for i in 0..<count { job(i) }
            return
        }
        workers(count: t) { worker in
            var i = worker
            while i < count {
                job(i)
                i += t
            }
        }
    }

    /// Runs `body` on t contiguous ranges of [0, count) at once; one range on the calling thread
    /// when t = 1, none when count = 0.
    package static func ranges(count: Int, threads: Int, _ body: @Sendable (Range<Int>) -> Void) {
        let t = Swift.max(1, Swift.min(threads, count))
        if t == 1 {
            if count > 0 { body(0..<count) }
            return
        }
        workers(count: t) { w in
            let lo = count * w / t, hi = count * (w + 1) / t
            if hi > lo { body(lo..<hi) }
        }
    }

    /// Runs `body(w)` for every worker w in 0..<count at once on Dispatch's pool (none when
    /// count ≤ 0); the split of the work among them is the caller's.
    package static func workers(count: Int, _ body: @Sendable (Int) -> Void) {
        DispatchQueue.concurrentPerform(iterations: Swift.max(0, count), execute: body)
    }

    /// Runs `body` on `count` threads at once (the calling thread and `count − 1` POSIX threads)
    /// and returns when all have finished. A thread that cannot be started leaves its share to
    /// the calling thread.
    package static func threads(count: Int, _ body: () -> Void) {
        guard count > 1 else { return body() }
        withoutActuallyEscaping(body) { body in
            let joins = (1..<count).compactMap { _ in POSIX.spawnThread(body) }
            body()
            for join in joins { join() }
        }
    }
}
