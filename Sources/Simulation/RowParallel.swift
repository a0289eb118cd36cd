import Foundation

/// Splits `0..<count` into `threads` contiguous ranges and runs them at once (Dispatch). The split
/// depends only on (count, threads) and each range is computed alone, so results are the same on
/// every run.
enum RowParallel {
    static func run(_ count: Int, threads: Int, _ body: @Sendable (Range<Int>) -> Void) {
        let t = max(1, min(threads, count))
        if t == 1 {
            if count > 0 { body(0..<count) }
            return
        }
        DispatchQueue.concurrentPerform(iterations: t) { w in
            let lo = count * w / t, hi = count * (w + 1) / t
            if hi > lo { body(lo..<hi) }
        }
    }
}
