import Foundation

/// Splits [0, count) into chunks, maps each on the worker threads and returns the partial
/// results in chunk order (so reductions over them are deterministic).
enum ParallelReduce {
    /// Read-only access to a buffer from worker threads.
    struct Shared<T>: @unchecked Sendable {
        let buffer: UnsafeBufferPointer<T>
    }

    private final class Slots<R>: @unchecked Sendable {
        var values: [R?]
        init(_ n: Int) { values = [R?](repeating: nil, count: n) }
    }

    static func map<R>(count: Int, chunkSize: Int = 1 << 18, _ body: @Sendable (Range<Int>) -> R) -> [R] {
        let chunks = Swift.max(1, (count + chunkSize - 1) / chunkSize)
        let slots = Slots<R>(chunks)
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            let r = body((c * chunkSize)..<Swift.min(count, (c + 1) * chunkSize))
            slots.values[c] = r
        }
        return slots.values.map { $0! }
    }
}
