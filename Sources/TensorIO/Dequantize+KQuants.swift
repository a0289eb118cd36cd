/// The K-quants: 256-value super-blocks, an f16 scale d (and for Q2_K, Q4_K, Q5_K an f16 dmin)
/// with sub-block scales, following ggml's `dequantize_row_q{2..6}_K` loop for loop:
/// ```
/// Q2_K  84 B: scales[16] (4-bit sc | 4-bit m), qs[64], d, dmin   x = (d·sc)·q − dmin·m, q 2 bits
/// Q3_K 110 B: hmask[32], qs[64], scales[12] (6-bit), d            x = (d·(sc − 32))·(q − 4·!h)
/// Q4_K 144 B: d, dmin, scales[12] (6-bit sc, m), qs[128]          x = (d·sc)·q − dmin·m, q 4 bits
/// Q5_K 176 B: d, dmin, scales[12], qh[32], qs[128]                as Q4_K with a fifth bit
/// Q6_K 210 B: ql[128], qh[64], scales i8[16], d                   x = (d·sc)·(q − 32), q 6 bits
/// ```
extension Dequantize {
    static func q2K(_ s: UnsafeRawPointer, _ y: UnsafeMutablePointer<Float>, _ n: Int) {
        for b in 0..<n {
            let p = s + 84 * b
            let u = p.assumingMemoryBound(to: UInt8.self)
            let d = half(p, 80), dmin = half(p, 82)
            var o = y + 256 * b
            var k = 0
            for h in 0..<2 {
                let q = u + 16 + 32 * h
                for shift in stride(from: UInt8(0), to: 8, by: 2) {
                    for sub in 0..<2 {
                        let sc = u[k]
                        k += 1
                        let dl = d * Float(sc & 0xF), ml = dmin * Float(sc >> 4)
                        for l in 0..<16 { o[l] = dl * Float((q[16 * sub + l] >> shift) & 3) - ml }
                        o += 16
                    }
                }
            }
        }
    }

    /// Scale `j` (0–15) of a Q3_K block, minus 32: its low 4 bits from bytes 0–7 (low nibbles
    /// for sub-blocks 0–7, high nibbles for 8–15), its high 2 bits from bytes 8–11.
    @inline(__always) static func q3Scale(_ j: Int, _ s: UnsafePointer<UInt8>) -> Int32 {
        let low = j < 8 ? s[j] & 0xF : s[j - 8] >> 4
        let high = (s[8 + j % 4] >> UInt8(2 * (j / 4))) & 3
        return Int32(low | high << 4) - 32
    }

    static func q3K(_ s: UnsafeRawPointer, _ y: UnsafeMutablePointer<Float>, _ n: Int) {
        withUnsafeTemporaryAllocation(of: Float.self, capacity: 16) { scales in
            for b in 0..<n {
                let p = s + 110 * b
                let u = p.assumingMemoryBound(to: UInt8.self)
                let d = half(p, 108)
                for j in 0..<16 { scales[j] = d * Float(q3Scale(j, u + 96)) }
                var o = y + 256 * b
                var k = 0
                var m: UInt8 = 1
                for h in 0..<2 {
                    let q = u + 32 + 32 * h
                    for shift in stride(from: UInt8(0), to: 8, by: 2) {
                        for sub in 0..<2 {
                            let dl = scales[k]
                            k += 1
                            for l in 0..<16 {
                                let i = 16 * sub + l
                                let v = Int32((q[i] >> shift) & 3) - (u[i] & m != 0 ? 0 : 4)
                                o[l] = dl * Float(v)
                            }
                            o += 16
                        }
                        m <<= 1
                    }
                }
            }
        }
    }

    /// ggml's `get_scale_min_k4`: the 6-bit scale and minimum of sub-block `j` (0–7).
    @inline(__always) static func scaleMin(_ j: Int, _ q: UnsafePointer<UInt8>) -> (Float, Float) {
        if j < 4 { return (Float(q[j] & 63), Float(q[j + 4] & 63)) }
        return (Float((q[j + 4] & 0xF) | ((q[j - 4] >> 6) << 4)), Float((q[j + 4] >> 4) | ((q[j] >> 6) << 4)))
    }

    static func q4K(_ s: UnsafeRawPointer, _ y: UnsafeMutablePointer<Float>, _ n: Int) {
        for b in 0..<n {
            let p = s + 144 * b
            let u = p.assumingMemoryBound(to: UInt8.self)
            let d = half(p, 0), dmin = half(p, 2)
            let o = y + 256 * b
            for c in 0..<4 {
                let (sc1, m1) = scaleMin(2 * c, u + 4), (sc2, m2) = scaleMin(2 * c + 1, u + 4)
                let d1 = d * sc1, mm1 = dmin * m1, d2 = d * sc2, mm2 = dmin * m2
                let q = u + 16 + 32 * c, out = o + 64 * c
                for l in 0..<32 {
                    out[l] = d1 * Float(q[l] & 0xF) - mm1
                    out[l + 32] = d2 * Float(q[l] >> 4) - mm2
                }
            }
        }
    }

    static func q5K(_ s: UnsafeRawPointer, _ y: UnsafeMutablePointer<Float>, _ n: Int) {
        for b in 0..<n {
            let p = s + 176 * b
            let u = p.assumingMemoryBound(to: UInt8.self)
            let d = half(p, 0), dmin = half(p, 2)
            let qh = u + 16
            let o = y + 256 * b
            for c in 0..<4 {
                let (sc1, m1) = scaleMin(2 * c, u + 4), (sc2, m2) = scaleMin(2 * c + 1, u + 4)
                let d1 = d * sc1, mm1 = dmin * m1, d2 = d * sc2, mm2 = dmin * m2
                let u1 = UInt8(1) << UInt8(2 * c), u2 = UInt8(2) << UInt8(2 * c)
                let q = u + 48 + 32 * c, out = o + 64 * c
                for l in 0..<32 {
                    out[l] = d1 * Float((q[l] & 0xF) + (qh[l] & u1 != 0 ? 16 : 0)) - mm1
                    out[l + 32] = d2 * Float((q[l] >> 4) + (qh[l] & u2 != 0 ? 16 : 0)) - mm2
                }
            }
        }
    }

    static func q6K(_ s: UnsafeRawPointer, _ y: UnsafeMutablePointer<Float>, _ n: Int) {
        for b in 0..<n {
            let p = s + 210 * b
            let u = p.assumingMemoryBound(to: UInt8.self)
            let d = half(p, 208)
            for h in 0..<2 {
                let ql = u + 64 * h, qh = u + 128 + 32 * h
                let sc = (p + 192 + 8 * h).assumingMemoryBound(to: Int8.self)
                let o = y + 256 * b + 128 * h
                // (d·sc)·q as ggml's d * sc[is] * q: the product d·sc is formed first either way.
                for k in 0..<2 {
                    let s1 = d * Float(sc[k]), s2 = d * Float(sc[k + 2]), s3 = d * Float(sc[k + 4]), s4 = d * Float(sc[k + 6])
                    for l in 16 * k..<16 * k + 16 {
                        let q1 = Int32((ql[l] & 0xF) | ((qh[l] & 3) << 4)) - 32
                        let q2 = Int32((ql[l + 32] & 0xF) | (((qh[l] >> 2) & 3) << 4)) - 32
                        let q3 = Int32((ql[l] >> 4) | (((qh[l] >> 4) & 3) << 4)) - 32
                        let q4 = Int32((ql[l + 32] >> 4) | ((qh[l] >> 6) << 4)) - 32
                        o[l] = s1 * Float(q1)
                        o[l + 32] = s2 * Float(q2)
                        o[l + 64] = s3 * Float(q3)
                        o[l + 96] = s4 * Float(q4)
                    }
                }
            }
        }
    }
}
