import Foundation

/// Where each tensor's data lies in a file being written, so that workers write their blocks in
/// place — in any order, several at once — instead of streaming them through one writer:
///
/// ```
/// file byte offset of element i of tensor t = start_t + i · width(dtype_t)
/// ```
/// Obtained from ``SafetensorsWriter/placement()`` or ``NpyWriter/placement()``, which first
/// give the temporary file its full size; the writer's `finish()` then renames it into place. Each
/// block is converted to the tensor's dtype on the calling thread (f32 and f64 values of the same
/// type are written as they are) and written with `pwrite`, which is safe for disjoint ranges.
public struct TensorPlacement: @unchecked Sendable {
    let file: AtomicFile
    /// The tensors, in file order.
    public let entries: [TensorInfo]
    /// File byte offset of each tensor's first element.
    public let starts: [Int]

    /// Writes `values` as elements `element ..< element + values.count` of tensor `tensor`.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func write<T: WeightScalar>(_ values: UnsafeBufferPointer<T>, tensor: Int, at element: Int) throws(TensorIOError) {
        let entry = entries[tensor]
        precondition(element >= 0 && element + values.count <= entry.count, "block outside tensor '\(entry.name)'")
        var offset = starts[tensor] + element * entry.dtype.byteWidth
        #if _endian(little)
        if entry.dtype == T.dtype {
            try file.write(UnsafeRawBufferPointer(values), at: offset)
            return
        }
        #endif
        try ElementCodec.encode(values, as: entry.dtype) { (raw) throws(TensorIOError) in
            try file.write(raw, at: offset)
            offset += raw.count
        }
    }
}
