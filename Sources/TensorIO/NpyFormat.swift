import Foundation

/// Writes NumPy `.npy` files (C order, little-endian `<f2`, `<f4`, `<f8`).
///
/// ```
/// "\x93NUMPY" major minor  header-length (u16 for 1.0, u32 for 2.0)  header  data
/// header = "{'descr': '<f4', 'fortran_order': False, 'shape': (r, c), }" + spaces + "\n",
///          padded so that the data starts at a multiple of 64 bytes
/// ```
/// Version 1.0 is written whenever the header fits in 65 535 bytes, else 2.0.
public enum NpyFormat {
    /// The magic prefix.
    static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]

    /// The preamble (magic, version, header length, header) for a tensor.
    static func preamble(shape: [Int], descr: String) -> [UInt8] {
        let shapeText: String
        switch shape.count {
        case 0: shapeText = "()"
        case 1: shapeText = "(\(shape[0]),)"
        default: shapeText = "(" + shape.map(String.init).joined(separator: ", ") + ")"
        }
        var dict = "{'descr': '\(descr)', 'fortran_order': False, 'shape': \(shapeText), }"
        var version: UInt8 = 1
        var prefix = 10
        if dict.utf8.count + 1 + prefix > 65535 { version = 2; prefix = 12 }
        let total = prefix + dict.utf8.count + 1
        dict += String(repeating: " ", count: (64 - total % 64) % 64) + "\n"
        var out = magic + [version, 0]
        let length = dict.utf8.count
        if version == 1 {
            out += [UInt8(length & 0xFF), UInt8(length >> 8)]
        } else {
            out += [UInt8(length & 0xFF), UInt8((length >> 8) & 0xFF), UInt8((length >> 16) & 0xFF), UInt8(length >> 24)]
        }
        return out + Array(dict.utf8)
    }

    /// Writes single-precision values as `dtype` (f16, f32 or f64).
    public static func write(url: URL, shape: [Int], dtype: DType, values: UnsafeBufferPointer<Float>, overwrite: Bool = false) throws(TensorIOError) {
        let writer = try NpyWriter(url: url, shape: shape, dtype: dtype, overwrite: overwrite)
        try writer.write(values)
        try writer.finish()
    }

    /// Writes double-precision values as `dtype` (f16, f32 or f64).
    public static func write(url: URL, shape: [Int], dtype: DType, values: UnsafeBufferPointer<Double>, overwrite: Bool = false) throws(TensorIOError) {
        let writer = try NpyWriter(url: url, shape: shape, dtype: dtype, overwrite: overwrite)
        try writer.write(values)
        try writer.finish()
    }
}
