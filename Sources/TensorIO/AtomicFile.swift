import Foundation

/// Outputs that are never half-written: data goes to a temporary file in the destination's
/// directory, is flushed and fsynced, and is renamed into place. On any failure the temporary
/// file is removed and the destination is untouched.
public final class AtomicFile {
    /// The destination.
    public let url: URL
    /// The temporary file being written (`.NAME.tmp-PID-RANDOM`).
    public let temporaryURL: URL
    private var fd: Int32
    private var finished = false
    private var bytesBuffered: [UInt8] = []
    /// Whether ``commit()`` fsyncs before the rename (default). Without it the file still appears
    /// whole or not at all to every process; only a machine crash soon after could leave it
    /// short, which is acceptable for output that can be made again (a tensor drawn from a seed).
    public var durable = true

    /// Opens a temporary file next to `url`. With `overwrite == false` an existing destination is
    /// an error (``TensorIOError/outputExists(file:)``).
    public init(url: URL, overwrite: Bool) throws(TensorIOError) {
        self.url = url
        if !overwrite, FileManager.default.fileExists(atPath: url.path) { throw .outputExists(file: url.path) }
        let dir = url.deletingLastPathComponent()
        let name = ".\(url.lastPathComponent).tmp-\(POSIX.processID)-\(UInt32.random(in: 0...UInt32.max))"
        temporaryURL = dir.appendingPathComponent(name)
        do { fd = try POSIX.createExclusive(temporaryURL.path) } catch { throw .cannotWrite(file: url.path, reason: error.reason) }
    }

    deinit {
        if !finished {
            if fd >= 0 { POSIX.closeFile(fd) }
            POSIX.removeFile(temporaryURL.path)
        }
    }

    /// Appends bytes (buffered in 4 MiB chunks).
    public func write(_ bytes: UnsafeRawBufferPointer) throws(TensorIOError) {
        bytesBuffered.append(contentsOf: bytes)
        if bytesBuffered.count >= 1 << 22 { try flushBuffer() }
    }

    /// Appends bytes.
    public func write(_ data: Data) throws(TensorIOError) {
        let result: Result<Void, TensorIOError> = data.withUnsafeBytes { raw in
            do throws(TensorIOError) { try write(raw); return .success(()) } catch { return .failure(error) }
        }
        try result.get()
    }

    private func flushBuffer() throws(TensorIOError) {
        let fd = fd
        let written = bytesBuffered.withUnsafeBytes { raw in Result { () throws(SystemCallError) in try POSIX.writeAll(fd, raw) } }
        if case let .failure(error) = written {
            abandon()
            throw .cannotWrite(file: url.path, reason: error.reason)
        }
        bytesBuffered.removeAll(keepingCapacity: true)
    }

    /// Flushes, fsyncs and renames the temporary file into place.
    public func commit() throws(TensorIOError) {
        try flushBuffer()
        if durable {
            do { try POSIX.flushToDisk(fd) } catch {
                abandon()
                throw .cannotWrite(file: url.path, reason: error.reason)
            }
        }
        POSIX.closeFile(fd)
        fd = -1
        finished = true
        do { try POSIX.move(temporaryURL.path, to: url.path) } catch {
            POSIX.removeFile(temporaryURL.path)
            throw .cannotWrite(file: url.path, reason: error.reason)
        }
    }

    /// Writes what is buffered, then sets the file's size to `size` bytes (the rest reads as
    /// zeros until written), so that ``write(_:at:)`` can fill it in any order.
    public func reserve(size: Int) throws(TensorIOError) {
        try flushBuffer()
        do { try POSIX.resize(fd, to: size) } catch {
            abandon()
            throw .cannotWrite(file: url.path, reason: error.reason)
        }
    }

    /// Writes `bytes` at byte `offset` (`pwrite`, past anything buffered): safe from several
    /// threads at once for disjoint ranges, between ``reserve(size:)`` and ``commit()``.
    public func write(_ bytes: UnsafeRawBufferPointer, at offset: Int) throws(TensorIOError) {
        do { try POSIX.writeAll(fd, bytes, at: offset) } catch { throw .cannotWrite(file: url.path, reason: error.reason) }
    }

    /// Gives up: closes and removes the temporary file.
    public func abandon() {
        guard !finished else { return }
        if fd >= 0 { POSIX.closeFile(fd) }
        fd = -1
        POSIX.removeFile(temporaryURL.path)
        finished = true
    }

    /// Writes `data` to `url` atomically.
    public static func write(_ data: Data, to url: URL, overwrite: Bool = true) throws(TensorIOError) {
        let file = try AtomicFile(url: url, overwrite: overwrite)
        try file.write(data)
        try file.commit()
    }
}
