/// The element types WeightLab computes with: `Float` and `Double`, one generic path for both.
///
/// Readers, writers, the sampler and the analyzer are generic over this protocol instead of
/// offering a Float and a Double twin of each API; the hot loops are specialised for both
/// conformances (`@_specialize(where T == Float)`, `… == Double`), so the generic API costs
/// one type check per call, not per element.
///
/// ```
/// Float.dtype  = F32   (4 bytes)       Double.dtype = F64   (8 bytes)
/// T(x) for x of another WeightScalar: exact widening, or rounding to nearest, ties to even
/// ```
public protocol WeightScalar: BinaryFloatingPoint, Sendable {
    /// The dtype whose stored little-endian bytes are exactly this type's values.
    static var dtype: DType { get }
}

extension WeightScalar {
    /// `values` as this type: the same array (no copy) when `S` is `Self`, each value converted
    /// with `Self(x)` (exact widening, or rounding to nearest) otherwise.
    @inlinable
    public static func array<S: WeightScalar>(from values: [S]) -> [Self] {
        if S.self == Self.self { return unsafeBitCast(values, to: [Self].self) }
        return values.map { Self($0) }
    }
}
