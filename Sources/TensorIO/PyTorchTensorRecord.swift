/// One tensor of a PyTorch checkpoint as its pickle describes it: a view into a storage.
///
/// Element `(i₀, …, iₖ)` of the tensor is element
///
///     offset + Σₖ iₖ · strideₖ
///
/// of the storage, all counted in elements of `dtype` (torch's own convention). A tensor is
/// contiguous when its strides are the row-major ones (dimensions of size 1 ignored); it is then
/// read straight from the mapped file, otherwise gathered element by element.
struct PyTorchTensorRecord: Sendable {
    var name: String
    /// The torch dtype name (`float32`, `bfloat16`, `int64`, …).
    var dtype: String
    /// Bytes per element of `dtype`.
    var width: Int
    /// The storage's key (`data/<key>` in the zip; the legacy root key).
    var storageKey: String
    var offset: Int
    var shape: [Int]
    var stride: [Int]
    /// The file offset of the REDUCE that rebuilds the tensor, for error messages.
    var location: Int

    /// The WeightLab dtype, nil for types WeightLab does not decode.
    var decodedType: DType? {
        switch dtype {
        case "float32", "float": return .f32
        case "float64", "double": return .f64
        case "float16", "half": return .f16
        case "bfloat16": return .bf16
        default: return nil
        }
    }

    /// The element count (checked against ``SafetensorsFile/elementLimit`` by ``extent()``).
    var count: Int { shape.reduce(1, *) }

    /// Whether the strides are the row-major ones.
    var isContiguous: Bool {
        var expected = 1
        for (size, step) in zip(shape, stride).reversed() where size != 1 {
            if step != expected { return false }
            expected *= size
        }
        return true
    }

    /// Why a layout is impossible.
    struct Invalid: Error {
        var reason: String
    }

    /// The bytes of storage the tensor reaches, `(last element + 1) × width` (0 when empty), or a
    /// reason when sizes, strides or the offset are negative or the arithmetic would overflow.
    func extent() -> Result<Int, Invalid> {
        guard shape.count == stride.count else { return .failure(Invalid(reason: "size has \(shape.count) dimensions but stride has \(stride.count)")) }
        guard offset >= 0, shape.allSatisfy({ $0 >= 0 }), stride.allSatisfy({ $0 >= 0 }) else {
            return .failure(Invalid(reason: "negative storage offset, size or stride (offset \(offset), size \(shape), stride \(stride))"))
        }
        var count = 1
        for d in shape {
            let (p, o) = count.multipliedReportingOverflow(by: d)
            guard !o, p <= SafetensorsFile.elementLimit else { return .failure(Invalid(reason: "the element count of size \(shape) overflows")) }
            count = p
        }
        guard count > 0 else { return .success(0) }
        var last = offset
        for (size, step) in zip(shape, stride) {
            let (p, o1) = (size - 1).multipliedReportingOverflow(by: step)
            let (s, o2) = last.addingReportingOverflow(p)
            guard !o1, !o2, s <= SafetensorsFile.elementLimit else { return .failure(Invalid(reason: "stride \(stride) reaches beyond any storage")) }
            last = s
        }
        return .success((last + 1) * width)
    }

    /// The tensor's bytes in row-major order, gathered from `storage` (which holds ``extent()``).
    func gather(_ storage: UnsafeRawBufferPointer) -> [UInt8] {
        let n = count
        guard n > 0 else { return [] }
        var out = [UInt8](repeating: 0, count: n * width)
        var index = [Int](repeating: 0, count: shape.count)
        var source = offset
        out.withUnsafeMutableBytes { dst in
            for i in 0..<n {
                dst.baseAddress!.advanced(by: i * width).copyMemory(from: storage.baseAddress!.advanced(by: source * width), byteCount: width)
                // Odometer: advance the last index, carrying into earlier ones.
                var k = shape.count - 1
                while k >= 0 {
                    index[k] += 1
                    source += stride[k]
                    if index[k] < shape[k] { break }
                    source -= stride[k] * shape[k]
                    index[k] = 0
                    k -= 1
                }
            }
        }
        return out
    }
}
