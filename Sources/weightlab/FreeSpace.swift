import Foundation
import TensorIO

/// The room left on the file system that will hold an output, checked before a long write so that
/// an output larger than the disk is refused at once instead of filling the disk first.
enum FreeSpace {
    /// Throws when `bytes` exceed the free space of the file system holding `url`'s folder. When
    /// the free space cannot be read (a folder that does not exist yet, an unusual file system),
    /// nothing is checked and the writer reports what goes wrong.
    static func check(_ bytes: Int, for url: URL) throws {
        let folder = url.deletingLastPathComponent().path
        guard let free = POSIX.freeBytes(atPath: folder.isEmpty ? "." : folder) else { return }
        guard Int64(bytes) > free else { return }
        throw InputError("\(url.path): the output needs \(format(Double(bytes))) but only \(format(Double(free))) are free on its file system")
    }

    /// A byte count in the largest unit that keeps it ≥ 1 (powers of 1024).
    static func format(_ bytes: Double) -> String {
        let units = ["bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
        var value = bytes, unit = 0
        while value >= 1024, unit < units.count - 1 { value /= 1024; unit += 1 }
        return unit == 0 ? String(format: "%.0f bytes", value) : String(format: "%.1f %@", value, units[unit])
    }
}
