/// Conversions between Float and the 16-bit formats, exact where the target can hold the value
/// and rounded to nearest, ties to even, otherwise.
///
/// ```
/// bf16 = top 16 bits of the f32 pattern, rounded: bits + 0x7FFF + ((bits >> 16) & 1), then >> 16
/// f16  = IEEE 754 binary16 (Swift's Float16 on x86_64 Linux)
/// ```
/// NaN stays NaN (quiet) in both directions; overflow goes to ±∞.
public enum HalfConversion {
    /// binary16 bits of `x`, rounded to nearest even.
    @inlinable public static func floatToF16Bits(_ x: Float) -> UInt16 { Float16(x).bitPattern }

    /// The Float value of binary16 bits (exact).
    @inlinable public static func f16BitsToFloat(_ bits: UInt16) -> Float { Float(Float16(bitPattern: bits)) }

    /// bfloat16 bits of `x`, rounded to nearest even; NaN maps to a quiet NaN with the same sign.
    @inlinable public static func floatToBF16Bits(_ x: Float) -> UInt16 {
        let bits = x.bitPattern
        if x.isNaN { return UInt16(truncatingIfNeeded: bits >> 16) | 0x0040 }
        let rounding = 0x7FFF &+ ((bits >> 16) & 1)
        return UInt16(truncatingIfNeeded: (bits &+ rounding) >> 16)
    }

    /// The Float value of bfloat16 bits (exact).
    @inlinable public static func bf16BitsToFloat(_ bits: UInt16) -> Float { Float(bitPattern: UInt32(bits) << 16) }
}
