#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs `body` on `count` threads at once (the calling thread and `count − 1` POSIX threads) and
/// returns when all have finished.
///
/// Used instead of `DispatchQueue.concurrentPerform` for the analysis's tensor workers because
/// libdispatch treats a `concurrentPerform` inside another as nested and divides the width among
/// the outer iterations: with two tensor workers on two cores every tensor's own parallel parts
/// (``TensorAnalyzer``'s parts, the fits' chunked sums) would run one after another, also while a
/// large tensor runs alone. Plain threads do not count as nesting.
enum WorkerThreads {
    /// The closure handed to each thread (it outlives no call: every thread is joined).
    private final class Job {
        let body: () -> Void
        init(_ body: @escaping () -> Void) { self.body = body }
    }

    static func run(count: Int, _ body: () -> Void) {
        guard count > 1 else { return body() }
        withoutActuallyEscaping(body) { body in
            var threads: [pthread_t] = []
            for _ in 1..<count {
                let job = Unmanaged.passRetained(Job(body)).toOpaque()
                #if canImport(Glibc)
                var thread = pthread_t()
                #else
                var thread: pthread_t?
                #endif
                let started = pthread_create(&thread, nil, { context in
                    let job = Unmanaged<Job>.fromOpaque(context!).takeRetainedValue()
                    job.body()
                    return nil
                }, job)
                if started == 0 {
                    #if canImport(Glibc)
                    threads.append(thread)
                    #else
                    threads.append(thread!)
                    #endif
                } else {
                    // No thread: release the job and let the calling thread do the work alone.
                    Unmanaged<Job>.fromOpaque(job).release()
                }
            }
            body()
            for t in threads { pthread_join(t, nil) }
        }
    }
}
