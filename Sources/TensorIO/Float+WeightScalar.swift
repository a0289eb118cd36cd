/// Single precision, stored as F32.
extension Float: WeightScalar {
    /// F32.
    @inlinable public static var dtype: DType { .f32 }
}
