import Foundation

/// Runs `count` independent jobs on `threads` threads with a fixed, static assignment
/// (job i on thread i mod threads). Jobs must not depend on which thread runs them; the result
/// is then the same for every thread count.
enum ParallelBlocks {
    static func run(count: Int, threads: Int, _ job: @Sendable (Int) -> Void) {
        let t = max(1, min(threads, count))
        if t == 1 {
            for i in 0..<count { job(i) }
            return
        }
        DispatchQueue.concurrentPerform(iterations: t) { worker in
            var i = worker
            while i < count {
                job(i)
                i += t
            }
        }
    }
}
