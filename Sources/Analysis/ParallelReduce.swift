import Foundation

/// Splits [0, count) into chunks, maps each on the worker threads and returns the partial
/// results in chunk order (so reductions over them are deterministic).
enum ParallelReduce {
    /// Read-only access to a buffer from worker threads.
    struct Shared<T>: @unchecked Sendable {
        let buffer: UnsafeBufferPointer<T>
    }

    /// One slot per chunk, written by exactly one worker through a raw pointer (never through a
    /// shared Swift array, whose in-place mutation from several threads is a data race).
    private struct Slots<R>: @unchecked Sendable {
        let base: UnsafeMutablePointer<R>
    }

    static func map<R>(count: Int, chunkSize: Int = 1 << 18, _ body: @Sendable (Range<Int>) -> R) -> [R] {
        let chunks = Swift.max(1, (count + chunkSize - 1) / chunkSize)
        return [R](unsafeUninitializedCapacity: chunks) { buffer, initialized in
            let slots = Slots(base: buffer.baseAddress!)
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                (slots.base + c).initialize(to: body((c * chunkSize)..<Swift.min(count, (c + 1) * chunkSize)))
            }
            initialized = chunks
        }
    }
}
