import TensorIO

/// Runs `body` on `count` threads at once (the calling thread and `count − 1` POSIX threads) and
/// returns when all have finished.
///
/// Used instead of `DispatchQueue.concurrentPerform` for the analysis's tensor workers because
/// libdispatch treats a `concurrentPerform` inside another as nested and divides the width among
/// the outer iterations: with two tensor workers on two cores every tensor's own parallel parts
/// (``TensorAnalyzer``'s parts, the fits' chunked sums) would run one after another, also while a
/// large tensor runs alone. Plain threads do not count as nesting.
enum WorkerThreads {
    static func run(count: Int, _ body: () -> Void) {
        guard count > 1 else { return body() }
        withoutActuallyEscaping(body) { body in
            // A thread that cannot be started leaves its share to the calling thread.
            let joins = (1..<count).compactMap { _ in POSIX.spawnThread(body) }
            body()
            for join in joins { join() }
        }
    }
}
