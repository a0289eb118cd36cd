/// Page release: `madvise(MADV_DONTNEED)` (through ``POSIX``) on the whole pages inside a mapped
/// range. For a read-only file mapping this drops the pages from the process (its resident set
/// shrinks) while they stay in the page cache, so a later read is served from memory, not disk.
enum PageRelease {
    static var pageSize: Int { POSIX.pageSize }

    /// Releases the pages that lie wholly inside `range` (a partial page at either end is kept:
    /// it may hold a neighbour's bytes that are still in use). Failure is harmless and ignored.
    static func release(_ range: UnsafeRawBufferPointer) {
        guard let base = range.baseAddress, range.count >= pageSize else { return }
        let start = (Int(bitPattern: base) + pageSize - 1) / pageSize * pageSize
        let end = (Int(bitPattern: base) + range.count) / pageSize * pageSize
        guard end > start, let p = UnsafeMutableRawPointer(bitPattern: start) else { return }
        POSIX.dropPages(p, count: end - start)
    }
}
