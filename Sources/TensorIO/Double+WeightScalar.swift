/// Double precision, stored as F64.
extension Double: WeightScalar {
    /// F64.
    @inlinable public static var dtype: DType { .f64 }
}
