/// Little-endian encoding and decoding of element buffers in each ``DType``.
///
/// Conversions run in chunks over unaligned raw memory (`loadUnaligned`), so mapped files need
/// no copy before decoding.
enum ElementCodec {
    /// Chunk size for encoding: 64 Ki elements.
    static let chunk = 1 << 16

    /// Encodes `values` as `dtype` and hands the bytes to `sink` chunk by chunk.
    static func encode<T: BinaryFloatingPoint>(
        _ values: UnsafeBufferPointer<T>, as dtype: DType,
        _ sink: (UnsafeRawBufferPointer) throws(TensorIOError) -> Void
    ) throws(TensorIOError) {
        var start = 0
        var scratch = [UInt8](repeating: 0, count: chunk * 8)
        while start < values.count {
            let n = min(chunk, values.count - start)
            let bytes = n * dtype.byteWidth
            scratch.withUnsafeMutableBytes { raw in
                switch dtype {
                case .f32:
                    let out = raw.bindMemory(to: Float.self)
                    for i in 0..<n { out[i] = Float(values[start + i]) }
                case .f64:
                    let out = raw.bindMemory(to: Double.self)
                    for i in 0..<n { out[i] = Double(values[start + i]) }
                case .f16:
                    let out = raw.bindMemory(to: UInt16.self)
                    for i in 0..<n { out[i] = HalfConversion.floatToF16Bits(Float(values[start + i])) }
                case .bf16:
                    let out = raw.bindMemory(to: UInt16.self)
                    for i in 0..<n { out[i] = HalfConversion.floatToBF16Bits(Float(values[start + i])) }
                }
            }
            let result: Result<Void, TensorIOError> = scratch.withUnsafeBytes { raw in
                do throws(TensorIOError) {
                    try sink(UnsafeRawBufferPointer(rebasing: raw[0..<bytes]))
                    return .success(())
                } catch { return .failure(error) }
            }
            try result.get()
            start += n
        }
    }

    /// Decodes `count` elements of `dtype` from `raw` as `T`: a plain copy when `dtype` is
    /// `T.dtype`, otherwise each value converted with `T(x)`, so F64 read as Float is rounded to
    /// nearest and every dtype read as Double is exact.
    /// ```
    /// out[i] = T(decode_dtype(raw[i·w ..< (i+1)·w])),   w = dtype.byteWidth
    /// ```
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    static func decode<T: WeightScalar>(_ raw: UnsafeRawBufferPointer, dtype: DType, count: Int, as type: T.Type = T.self) -> [T] {
        // An empty result is a plain [] (the uninitialized-capacity initializer writes the count into the
        // shared empty-array storage even for 0, a benign race that ThreadSanitizer reports).
        guard count > 0 else { return [] }
        return [T](unsafeUninitializedCapacity: count) { out, initialized in
            if dtype == T.dtype {
                if let base = raw.baseAddress { UnsafeMutableRawPointer(out.baseAddress!).copyMemory(from: base, byteCount: count * dtype.byteWidth) }
                initialized = count
                return
            }
            switch dtype {
            case .f32:
                for i in 0..<count { out[i] = T(raw.loadUnaligned(fromByteOffset: i * 4, as: Float.self)) }
            case .f64:
                for i in 0..<count { out[i] = T(raw.loadUnaligned(fromByteOffset: i * 8, as: Double.self)) }
            case .f16:
                for i in 0..<count { out[i] = T(HalfConversion.f16BitsToFloat(raw.loadUnaligned(fromByteOffset: i * 2, as: UInt16.self))) }
            case .bf16:
                for i in 0..<count { out[i] = T(HalfConversion.bf16BitsToFloat(raw.loadUnaligned(fromByteOffset: i * 2, as: UInt16.self))) }
            }
            initialized = count
        }
    }
}
