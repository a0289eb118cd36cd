/// A read-only memory map of a whole file, unmapped on deinit. Nothing is read into memory
/// until it is touched. The system calls are ``POSIX``'s.
final class MappedFile: @unchecked Sendable {
    let path: String
    let size: Int
    private let base: UnsafeRawPointer?

    init(path: String) throws(TensorIOError) {
        self.path = path
        let fd: Int32
        do { fd = try POSIX.openForReading(path) } catch {
            if POSIX.isNotFound(error) { throw .notFound(file: path) }
            throw .cannotRead(file: path, reason: error.reason)
        }
        defer { POSIX.closeFile(fd) }
        let status: (isRegular: Bool, size: Int)
        do { status = try POSIX.fileStatus(fd) } catch { throw .cannotRead(file: path, reason: error.reason) }
        guard status.isRegular else { throw .cannotRead(file: path, reason: "not a regular file") }
        size = status.size
        if size == 0 {
            base = nil
            return
        }
        do { base = try POSIX.mapReadOnly(fd, size: size) } catch { throw .cannotRead(file: path, reason: "mmap failed: \(error.reason)") }
    }

    deinit {
        if let base { POSIX.unmap(base, size: size) }
    }

    /// The bytes [offset, offset + count); the caller has checked the range.
    func bytes(_ offset: Int, _ count: Int) -> UnsafeRawBufferPointer {
        guard let base, count > 0 else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        precondition(offset >= 0 && offset + count <= size, "range outside the mapped file")
        return UnsafeRawBufferPointer(start: base + offset, count: count)
    }
}
