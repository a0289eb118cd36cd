extension Checkpoint {
    /// Gives back the memory-mapped pages of tensor `name` once its values have been read, so that
    /// a scan over a checkpoint holds one tensor's pages at a time, not the whole file's (the
    /// pages stay in the page cache). A no-op for formats that are not read from a map.
    public func releasePages(of name: String) {
        guard let e = entry(name) else { return }
        files[e.file]?.releasePages(of: name)
    }

    /// Runs `body` on the stored bytes of tensor `name` when its reader holds them as plain
    /// little-endian values of its dtype in a memory map (see ``WeightFile/withPlainBytes(_:_:)``);
    /// nil otherwise, when the values must be decoded.
    public func withPlainBytes<R>(_ name: String, _ body: (UnsafeRawBufferPointer) -> R) -> R? {
        guard let e = entry(name), e.info.storage == nil else { return nil }
        return files[e.file]?.withPlainBytes(name, body)
    }
}
