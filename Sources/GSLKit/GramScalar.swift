import CGSL

/// A precision the Gram products and symmetric eigenvalues of ``LinearAlgebra`` run in: Double
/// (`cblas_dsyrk`, `LAPACKE_dsyevd`) for the spectrum itself, Float (`ssyrk`, `ssyevd`) where
/// single precision is enough (the correlation traps). Each conformance only names its routines.
public protocol GramScalar: BinaryFloatingPoint, Sendable {
    /// The upper triangle of C = α·A·Aᵀ (A k×depth) or, with `transpose`, α·Aᵀ·A (A depth×k),
    /// row-major, A's rows `lda` apart, C k×k (`cblas_?syrk`, β = 0).
    static func syrk(transpose: Bool, order k: Int, depth: Int, alpha: Self, _ a: UnsafePointer<Self>?, lda: Int, into c: UnsafeMutablePointer<Self>?)

    /// The eigenvalues, ascending, of the symmetric row-major k×k matrix whose upper triangle `a`
    /// holds (overwritten), into `w` (`LAPACKE_?syevd` or `?syevd_2stage`, eigenvalues only); the
    /// LAPACK info (0: success).
    ///
    /// A row-major upper triangle is, read column-major, the lower triangle of the same symmetric
    /// matrix: LAPACK is called column-major with uplo = 'L' on the storage as it is. That skips
    /// LAPACKE's two transposed copies, and the two-stage reduction of the lower triangle is the
    /// faster one here (`scripts/bench/lapack_eigen.c 4096 11008`, one core: double 4.45 s against
    /// 4.96 s row-major upper, single 2.20 against 2.98 s).
    static func syevd(twoStage: Bool, order k: Int, _ a: UnsafeMutablePointer<Self>?, into w: UnsafeMutablePointer<Self>?) -> Int32

    /// The name of the eigenvalue routine, for errors.
    static func eigenRoutine(twoStage: Bool) -> String
}

extension Double: GramScalar {
    public static func syrk(transpose: Bool, order k: Int, depth: Int, alpha: Double, _ a: UnsafePointer<Double>?, lda: Int, into c: UnsafeMutablePointer<Double>?) {
        cblas_dsyrk(CblasRowMajor, CblasUpper, transpose ? CblasTrans : CblasNoTrans, Int32(k), Int32(depth), alpha, a, Int32(lda), 0, c, Int32(k))
    }

    public static func syevd(twoStage: Bool, order k: Int, _ a: UnsafeMutablePointer<Double>?, into w: UnsafeMutablePointer<Double>?) -> Int32 {
        let (jobz, uplo) = (CChar(UInt8(ascii: "N")), CChar(UInt8(ascii: "L")))
        return twoStage ? LAPACKE_dsyevd_2stage(LAPACK_COL_MAJOR, jobz, uplo, Int32(k), a, Int32(k), w)
                        : LAPACKE_dsyevd(LAPACK_COL_MAJOR, jobz, uplo, Int32(k), a, Int32(k), w)
    }

    public static func eigenRoutine(twoStage: Bool) -> String { twoStage ? "LAPACKE_dsyevd_2stage" : "LAPACKE_dsyevd" }
}

extension Float: GramScalar {
    public static func syrk(transpose: Bool, order k: Int, depth: Int, alpha: Float, _ a: UnsafePointer<Float>?, lda: Int, into c: UnsafeMutablePointer<Float>?) {
        cblas_ssyrk(CblasRowMajor, CblasUpper, transpose ? CblasTrans : CblasNoTrans, Int32(k), Int32(depth), alpha, a, Int32(lda), 0, c, Int32(k))
    }

    public static func syevd(twoStage: Bool, order k: Int, _ a: UnsafeMutablePointer<Float>?, into w: UnsafeMutablePointer<Float>?) -> Int32 {
        let (jobz, uplo) = (CChar(UInt8(ascii: "N")), CChar(UInt8(ascii: "L")))
        return twoStage ? LAPACKE_ssyevd_2stage(LAPACK_COL_MAJOR, jobz, uplo, Int32(k), a, Int32(k), w)
                        : LAPACKE_ssyevd(LAPACK_COL_MAJOR, jobz, uplo, Int32(k), a, Int32(k), w)
    }

    public static func eigenRoutine(twoStage: Bool) -> String { twoStage ? "LAPACKE_ssyevd_2stage" : "LAPACKE_ssyevd" }
}
