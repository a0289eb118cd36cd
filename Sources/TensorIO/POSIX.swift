#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The raw POSIX calls of the package, in one place: file descriptors, fsync, rename, statvfs,
/// signal dispositions, threads, memory maps and page release, and the terminal queries. The
/// atomic writers (``AtomicFile``, the figure writer), the readers' maps (``MappedFile``,
/// ``PageRelease``), the command line's signal watcher, free-space check and terminal, and the
/// worker threads of ``ParallelLoop`` call these
/// instead of the C library, so that the platform differences (Glibc, Darwin) live here only.
/// Each failing call throws ``SystemCallError`` with `errno`; interrupted calls are retried.
package enum POSIX {
    /// Creates `path` for writing, failing if it exists (`O_EXCL`, mode 0644, close-on-exec).
    package static func createExclusive(_ path: String) throws(SystemCallError) -> Int32 {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw failure() }
        return fd
    }

    /// Opens `path` read-only (close-on-exec).
    package static func openForReading(_ path: String) throws(SystemCallError) -> Int32 {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw failure() }
        return fd
    }

    /// Closes a descriptor (errors are of no use once the data is synced or abandoned).
    package static func closeFile(_ fd: Int32) { _ = close(fd) }

    /// Removes a file, ignoring one that is already gone.
    package static func removeFile(_ path: String) { _ = unlink(path) }

    /// Writes all of `bytes` at the descriptor's position, retrying short and interrupted writes.
    package static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) throws(SystemCallError) {
        var done = 0
        while done < bytes.count {
            let n = write(fd, bytes.baseAddress! + done, bytes.count - done)
            if n < 0 {
                if errno == EINTR { continue }
                throw failure()
            }
            done += n
        }
    }

    /// Writes all of `bytes` at byte `offset` (`pwrite`: the position is untouched, so disjoint
    /// ranges may be written from several threads at once).
    package static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, at offset: Int) throws(SystemCallError) {
        var done = 0
        while done < bytes.count {
            let n = pwrite(fd, bytes.baseAddress! + done, bytes.count - done, off_t(offset + done))
            if n < 0 {
                if errno == EINTR { continue }
                throw failure()
            }
            done += n
        }
    }

    /// Sets the file's size to `size` bytes (`ftruncate`; a larger file reads as zeros beyond).
    package static func resize(_ fd: Int32, to size: Int) throws(SystemCallError) {
        guard ftruncate(fd, off_t(size)) == 0 else { throw failure() }
    }

    /// Flushes the file's data and metadata to the device (`fsync`).
    package static func flushToDisk(_ fd: Int32) throws(SystemCallError) {
        guard fsync(fd) == 0 else { throw failure() }
    }

    /// Renames `source` to `destination` atomically, replacing it (`rename`, same file system).
    package static func move(_ source: String, to destination: String) throws(SystemCallError) {
        guard rename(source, destination) == 0 else { throw failure() }
    }

    /// The bytes available to an unprivileged user on the file system holding `path`
    /// (`statvfs`: f_bavail · f_frsize), or nil when it cannot be read.
    package static func freeBytes(atPath path: String) -> Int64? {
        var s = statvfs()
        guard statvfs(path, &s) == 0 else { return nil }
        return Int64(s.f_bavail) * Int64(s.f_frsize)
    }

    /// This process's id.
    package static var processID: Int32 { getpid() }

    /// SIGINT and SIGTERM, the signals a run turns into a cancellation.
    package static let stopSignals: [Int32] = [SIGINT, SIGTERM]

    /// Ignores signal `sig` (so that a dispatch source alone sees it), or restores its default
    /// action.
    package static func setIgnored(_ sig: Int32, _ ignored: Bool) {
        _ = signal(sig, ignored ? SIG_IGN : SIG_DFL)
    }

    /// Starts `body` on a new POSIX thread; returns the function that waits for it to finish, or
    /// nil when no thread could be started. The closure outlives the call until that wait.
    package static func spawnThread(_ body: @escaping () -> Void) -> (() -> Void)? {
        let job = Unmanaged.passRetained(ThreadJob(body)).toOpaque()
        #if canImport(Glibc)
        var thread = pthread_t()
        let started = pthread_create(&thread, nil, { context in
            Unmanaged<ThreadJob>.fromOpaque(context!).takeRetainedValue().body()
            return nil
        }, job)
        guard started == 0 else {
            Unmanaged<ThreadJob>.fromOpaque(job).release()
            return nil
        }
        return { _ = pthread_join(thread, nil) }
        #else
        var thread: pthread_t?
        let started = pthread_create(&thread, nil, { context in
            Unmanaged<ThreadJob>.fromOpaque(context).takeRetainedValue().body()
            return nil
        }, job)
        guard started == 0 else {
            Unmanaged<ThreadJob>.fromOpaque(job).release()
            return nil
        }
        return { _ = pthread_join(thread!, nil) }
        #endif
    }

    // MARK: Memory maps

    /// Whether `error` is "no such file or directory" (`ENOENT`).
    package static func isNotFound(_ error: SystemCallError) -> Bool { error.code == ENOENT }

    /// Whether the open file is a regular file, and its size in bytes (`fstat`).
    package static func fileStatus(_ fd: Int32) throws(SystemCallError) -> (isRegular: Bool, size: Int) {
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw failure() }
        return ((st.st_mode & S_IFMT) == S_IFREG, Int(st.st_size))
    }

    /// Maps `size` bytes of the open file read-only and private (`mmap`); the map outlives the
    /// descriptor and is released by ``unmap(_:size:)``.
    package static func mapReadOnly(_ fd: Int32, size: Int) throws(SystemCallError) -> UnsafeRawPointer {
        let p = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0)
        guard let p, p != MAP_FAILED else { throw failure() }
        return UnsafeRawPointer(p)
    }

    /// Releases a map of ``mapReadOnly(_:size:)`` (`munmap`).
    package static func unmap(_ base: UnsafeRawPointer, size: Int) {
        _ = munmap(UnsafeMutableRawPointer(mutating: base), size)
    }

    /// The size of a memory page in bytes (`sysconf(_SC_PAGESIZE)`).
    package static let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))

    /// Drops `count` bytes of whole pages at `start` from the process (`madvise(MADV_DONTNEED)`);
    /// a read-only file map's pages stay in the page cache. Failure is harmless and ignored.
    package static func dropPages(_ start: UnsafeMutableRawPointer, count: Int) {
        _ = madvise(start, count, MADV_DONTNEED)
    }

    // MARK: Terminal

    /// The descriptor of standard error.
    package static let standardError: Int32 = STDERR_FILENO

    /// Whether `fd` is an interactive terminal (`isatty`).
    package static func isTerminal(_ fd: Int32) -> Bool { isatty(fd) == 1 }

    /// The width in columns of the terminal on `fd` (`ioctl(TIOCGWINSZ)`), or nil when unknown.
    package static func terminalColumns(_ fd: Int32) -> Int? {
        var size = winsize()
        guard ioctl(fd, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return Int(size.ws_col)
    }

    /// The error of the call that just failed.
    private static func failure() -> SystemCallError {
        let code = errno
        return SystemCallError(code: code, reason: String(cString: strerror(code)))
    }
}
