import Testing
@testable import TensorIO

/// The one precision path: ``WeightScalar`` maps Float to F32 and Double to F64, and the generic
/// decoder gives, for every dtype, the same values in Float as the Double values rounded to
/// nearest (what the former Float and Double twins returned). Deterministic checks.
@Suite struct WeightScalarTests {
    @Test func dtypes() {
        #expect(Float.dtype == .f32)
        #expect(Double.dtype == .f64)
    }

    @Test func arrayConversion() {
        let doubles: [Double] = [0.1, -1e-40, 3.4e39, 1, .infinity]
        #expect(Double.array(from: doubles).map(\.bitPattern) == doubles.map(\.bitPattern))
        #expect(Float.array(from: doubles).map(\.bitPattern) == doubles.map { Float($0).bitPattern })
        #expect(Double.array(from: [Float(0.1)]) == [Double(Float(0.1))])
    }

    /// Float decoding equals Double decoding rounded, for every dtype: bit patterns spread over
    /// the range (small, large, subnormal, signed) so rounding and widening both run.
    @Test(arguments: DType.allCases) func decodeAgrees(dtype: DType) {
        let count = 257
        var bytes = [UInt8](repeating: 0, count: count * dtype.byteWidth)
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for i in bytes.indices {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            bytes[i] = UInt8(truncatingIfNeeded: state >> 56)
        }
        bytes.withUnsafeBytes { raw in
            let d = ElementCodec.decode(raw, dtype: dtype, count: count, as: Double.self)
            let f = ElementCodec.decode(raw, dtype: dtype, count: count, as: Float.self)
            #expect(f.count == count && d.count == count)
            #expect(zip(f, d).allSatisfy { ($0.isNaN && $1.isNaN) || $0.bitPattern == Float($1).bitPattern })
        }
    }
}
