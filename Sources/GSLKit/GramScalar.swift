/// A precision the short-side Gram eigenvalues can be computed in: Double (dsyrk, dsyevd) for
/// the spectrum itself, Float (ssyrk, ssyevd) where single precision is enough.
public protocol GramScalar: BinaryFloatingPoint, Sendable {
    /// λ = eig(WᵀW) of the short side of a row-major m×n matrix, ascending
    /// (``LinearAlgebra/shortSideGramEigenvalues(_:rows:columns:)`` in this precision).
    static func shortSideGramEigenvalues(_ w: UnsafeBufferPointer<Self>, rows: Int, columns: Int) throws(GSLError) -> [Double]
}

extension Double: GramScalar {
    public static func shortSideGramEigenvalues(_ w: UnsafeBufferPointer<Double>, rows: Int, columns: Int) throws(GSLError) -> [Double] {
        try LinearAlgebra.shortSideGramEigenvalues(w, rows: rows, columns: columns)
    }
}

extension Float: GramScalar {
    public static func shortSideGramEigenvalues(_ w: UnsafeBufferPointer<Float>, rows: Int, columns: Int) throws(GSLError) -> [Double] {
        try LinearAlgebra.shortSideGramEigenvalues(w, rows: rows, columns: columns)
    }
}
