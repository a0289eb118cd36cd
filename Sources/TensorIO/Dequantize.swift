import Foundation

/// Dequantisation of ggml tensor data to Float, exactly as ggml's `dequantize_row_*`
/// (ggml-org/ggml `src/ggml-quants.c`) and gguf-py's `gguf.quants.dequantize` compute it: the same
/// products in the same order in single precision, never fused, so results agree to the bit.
///
/// Legacy 32-value blocks (d, m: f16 scale and minimum; q: the block's quants):
/// ```
/// Q4_0  x = d·(q − 8)          q = 4 bits     Q4_1  x = d·q + m
/// Q5_0  x = d·(q − 16)         q = 5 bits     Q5_1  x = d·q + m
/// Q8_0  x = d·q                q = int8
/// ```
/// K-quants (256-value super-blocks with 16 or 8 sub-block scales) are in `Dequantize+KQuants`.
/// The work is straight loops over blocks into one preallocated buffer; large tensors are split
/// into block ranges decoded in parallel (results do not depend on the split).
enum Dequantize {
    /// Tensors with at least this many values are decoded on several threads.
    static let parallelThreshold = 1 << 18

    /// The `count` values of a tensor of `type` stored in `raw` (count × typeSize / blockSize
    /// bytes, checked by the caller); nil when WeightLab does not decode the type. `threads`:
    /// at most this many threads (default: every core, from ``parallelThreshold`` values on).
    static func floats(_ raw: UnsafeRawBufferPointer, type: GGUFTensorType, count: Int, threads limit: Int? = nil) -> [Float]? {
        guard let decode = decoder(type.id) else { return nil }
        guard count > 0, let src = raw.baseAddress else { return [] }
        let blocks = count / type.blockSize
        return [Float](unsafeUninitializedCapacity: count) { out, initialized in
            let dst = out.baseAddress!
            let threads = count >= parallelThreshold ? min(limit ?? ProcessInfo.processInfo.activeProcessorCount, 16, blocks) : 1
            // Blocks decode independently: the values do not depend on the split.
            let buffers = Buffers(src: src, dst: dst)
            ParallelLoop.ranges(count: blocks, threads: threads) { r in
                decode(buffers.src + r.lowerBound * type.typeSize, buffers.dst + r.lowerBound * type.blockSize, r.count)
            }
            initialized = count
        }
    }

    /// The source and destination of a parallel decode: each thread touches disjoint ranges.
    private struct Buffers: @unchecked Sendable {
        let src: UnsafeRawPointer
        let dst: UnsafeMutablePointer<Float>
    }

    typealias Decoder = @Sendable (UnsafeRawPointer, UnsafeMutablePointer<Float>, Int) -> Void

    /// The block decoder of ggml type `id` (decodes `n` consecutive blocks), nil if not decoded.
    static func decoder(_ id: UInt32) -> Decoder? {
        switch id {
        case 0: return { s, d, n in UnsafeMutableRawPointer(d).copyMemory(from: s, byteCount: n * 4) }
        case 1: return f16
        case 30: return { s, d, n in for i in 0..<n { d[i] = Float(bitPattern: UInt32(s.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self)) << 16) } }
        case 28: return { s, d, n in for i in 0..<n { d[i] = Float(s.loadUnaligned(fromByteOffset: 8 * i, as: Double.self)) } }
        case 2: return q4_0
        case 3: return q4_1
        case 6: return q5_0
        case 7: return q5_1
        case 8: return q8_0
        case 10: return q2K
        case 11: return q3K
        case 12: return q4K
        case 13: return q5K
        case 14: return q6K
        default: return nil
        }
    }

    /// Every binary16 pattern's Float value (256 KB), so F16 tensors decode by table lookup.
    static let halfTable: [Float] = (0...0xFFFF).map { HalfConversion.f16BitsToFloat(UInt16($0)) }

    static func f16(_ s: UnsafeRawPointer, _ d: UnsafeMutablePointer<Float>, _ n: Int) {
        halfTable.withUnsafeBufferPointer { table in
            let t = table.baseAddress!
            for i in 0..<n { d[i] = t[Int(s.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))] }
        }
    }

    /// The f16 at byte `offset` of `p`, as Float.
    @inline(__always) static func half(_ p: UnsafeRawPointer, _ offset: Int) -> Float {
        Float(Float16(bitPattern: p.loadUnaligned(fromByteOffset: offset, as: UInt16.self)))
    }

    /// Q4_0, 18 bytes: f16 d, u8 qs[16]; x[j] = d·((qs[j] & 15) − 8), x[j+16] = d·((qs[j] >> 4) − 8).
    static func q4_0(_ s: UnsafeRawPointer, _ y: UnsafeMutablePointer<Float>, _ n: Int) {
        for b in 0..<n {
            let p = s + 18 * b, o = y + 32 * b
            let d = half(p, 0)
            let q = (p + 2).assumingMemoryBound(to: UInt8.self)
            for j in 0..<16 {
                o[j] = Float(Int32(q[j] & 15) - 8) * d
                o[j + 16] = Float(Int32(q[j] >> 4) - 8) * d
            }
        }
    }

    /// Q4_1, 20 bytes: f16 d, f16 m, u8 qs[16]; x = d·q + m.
    static func q4_1(_ s: UnsafeRawPointer, _ y: UnsafeMutablePointer<Float>, _ n: Int) {
        for b in 0..<n {
            let p = s + 20 * b, o = y + 32 * b
            let d = half(p, 0), m = half(p, 2)
            let q = (p + 4).assumingMemoryBound(to: UInt8.self)
            for j in 0..<16 {
                o[j] = d * Float(q[j] & 15) + m
                o[j + 16] = d * Float(q[j] >> 4) + m
            }
        }
    }

    /// Q5_0, 22 bytes: f16 d, u32 qh (the fifth bits), u8 qs[16]; x = d·(q − 16).
    static func q5_0(_ s: UnsafeRawPointer, _ y: UnsafeMutablePointer<Float>, _ n: Int) {
        for b in 0..<n {
            let p = s + 22 * b, o = y + 32 * b
            let d = half(p, 0)
            let qh = UInt32(littleEndian: p.loadUnaligned(fromByteOffset: 2, as: UInt32.self))
            let q = (p + 6).assumingMemoryBound(to: UInt8.self)
            for j in 0..<16 {
                let h0 = Int32(((qh >> UInt32(j)) << 4) & 0x10), h1 = Int32((qh >> UInt32(j + 12)) & 0x10)
                o[j] = Float((Int32(q[j] & 15) | h0) - 16) * d
                o[j + 16] = Float((Int32(q[j] >> 4) | h1) - 16) * d
            }
        }
    }

    /// Q5_1, 24 bytes: f16 d, f16 m, u32 qh, u8 qs[16]; x = d·q + m.
    static func q5_1(_ s: UnsafeRawPointer, _ y: UnsafeMutablePointer<Float>, _ n: Int) {
        for b in 0..<n {
            let p = s + 24 * b, o = y + 32 * b
            let d = half(p, 0), m = half(p, 2)
            let qh = UInt32(littleEndian: p.loadUnaligned(fromByteOffset: 4, as: UInt32.self))
            let q = (p + 8).assumingMemoryBound(to: UInt8.self)
            for j in 0..<16 {
                let h0 = Int32(((qh >> UInt32(j)) << 4) & 0x10), h1 = Int32((qh >> UInt32(j + 12)) & 0x10)
                o[j] = d * Float(Int32(q[j] & 15) | h0) + m
                o[j + 16] = d * Float(Int32(q[j] >> 4) | h1) + m
            }
        }
    }

    /// Q8_0, 34 bytes: f16 d, i8 qs[32]; x = d·q.
    static func q8_0(_ s: UnsafeRawPointer, _ y: UnsafeMutablePointer<Float>, _ n: Int) {
        for b in 0..<n {
            let p = s + 34 * b, o = y + 32 * b
            let d = half(p, 0)
            let q = (p + 2).assumingMemoryBound(to: Int8.self)
            for j in 0..<32 { o[j] = Float(q[j]) * d }
        }
    }
}
