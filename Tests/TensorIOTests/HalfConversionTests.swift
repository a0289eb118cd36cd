import Testing
@testable import TensorIO

@Suite struct HalfConversionTests {
    @Test func everyF16PatternRoundTrips() {
        for bits in UInt16.min...UInt16.max {
            let f = HalfConversion.f16BitsToFloat(bits)
            let back = HalfConversion.floatToF16Bits(f)
            if f.isNaN { #expect(HalfConversion.f16BitsToFloat(back).isNaN) } else { #expect(back == bits) }
        }
    }

    @Test func everyBF16PatternRoundTrips() {
        for bits in UInt16.min...UInt16.max {
            let f = HalfConversion.bf16BitsToFloat(bits)
            let back = HalfConversion.floatToBF16Bits(f)
            if f.isNaN {
                #expect(HalfConversion.bf16BitsToFloat(back).isNaN)
                #expect((back & 0x8000) == (bits & 0x8000))
            } else {
                #expect(back == bits)
            }
        }
    }

    @Test func bf16RoundsToNearestEven() {
        // 1 + 2⁻⁸ is halfway between 1 and 1 + 2⁻⁷: ties go to the even mantissa (1).
        #expect(HalfConversion.floatToBF16Bits(1 + 0x1p-8) == 0x3F80)
        // 1 + 3·2⁻⁸ is halfway between 1 + 2⁻⁷ and 1 + 2⁻⁶: ties go to 1 + 2⁻⁶ (even).
        #expect(HalfConversion.floatToBF16Bits(1 + 3 * 0x1p-8) == 0x3F82)
        // Just above halfway rounds up.
        #expect(HalfConversion.floatToBF16Bits(Float(bitPattern: 0x3F80_8001)) == 0x3F81)
        // Overflow to infinity, NaN stays NaN, subnormals keep their top bits.
        #expect(HalfConversion.floatToBF16Bits(Float.greatestFiniteMagnitude) == 0x7F80)
        #expect(HalfConversion.bf16BitsToFloat(HalfConversion.floatToBF16Bits(.nan)).isNaN)
        #expect(HalfConversion.floatToBF16Bits(Float(bitPattern: 0x0001_0000)) == 0x0001)
    }

    @Test func f16RoundsAndOverflows() {
        #expect(HalfConversion.floatToF16Bits(65520) == 0x7C00)       // rounds to +inf
        #expect(HalfConversion.floatToF16Bits(65504) == 0x7BFF)       // largest finite
        #expect(HalfConversion.floatToF16Bits(1 + 0x1p-11) == 0x3C00) // tie to even
        #expect(HalfConversion.floatToF16Bits(0x1p-24) == 0x0001)     // smallest subnormal
    }
}
