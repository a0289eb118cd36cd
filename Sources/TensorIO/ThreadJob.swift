/// The closure a thread of ``POSIX/spawnThread(_:)`` runs, boxed so that it can travel through
/// pthread_create's context pointer (retained there, released by the thread when it is done).
final class ThreadJob {
    let body: () -> Void
    init(_ body: @escaping () -> Void) { self.body = body }
}
