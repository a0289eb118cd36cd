import CGSL

/// Dense linear algebra through OpenBLAS (CBLAS) and LAPACKE, row-major throughout.
public enum LinearAlgebra {
    /// Eigenvalues of the Gram matrix of the short side of a row-major m×n matrix W divided by the
    /// long side, ascending: the Marchenko–Pastur convention. Either orientation, no transposed
    /// copy; see ``shortSideGramEigenvalues(_:rows:columns:scale:)`` for WeightWatcher's unscaled
    /// convention and the precision of both.
    ///
    /// ```
    /// G = W·Wᵀ / n  (m ≤ n)  or  Wᵀ·W / m  (m > n)      (cblas_dsyrk, α = 1/max(m, n))
    /// λ = eig(G)                                         (LAPACKE_dsyevd, eigenvalues only)
    /// ```
    /// - Complexity: O(min(m,n)²·max(m,n) + min(m,n)³).
    public static func gramEigenvalues(_ w: UnsafeBufferPointer<Double>, rows m: Int, columns n: Int) throws(GSLError) -> [Double] {
        try shortSideGramEigenvalues(w, rows: m, columns: n, scale: 1 / Double(Swift.max(m, n, 1)))
    }

    /// Eigenvalues of the Gram matrix of the SHORT side of a row-major m×n matrix W, times `scale`
    /// (1 by default: WeightWatcher's empirical spectral density, λᵢ = sᵢ², the squared singular
    /// values of W), in the precision `T` of W (``GramScalar``), returned in double precision.
    ///
    /// ```
    /// G = α·W·Wᵀ  (m ≤ n)  or  α·Wᵀ·W  (m > n)    (cblas_?syrk, upper triangle, no transposed copy)
    /// λ = eig(G), ascending                       (?syevd, or ?syevd_2stage from order 2048; eigenvalues only)
    /// ```
    /// Precision: both are backward stable on G, so |λ̂ᵢ − λᵢ| ≲ c·ε·λmax (c a modest multiple of
    /// max(m, n)); a small λ loses relative precision as λmax/λ (the Gram matrix squares the
    /// condition number), unlike a full SVD of W. λ can come out slightly negative at round-off.
    /// In single precision (ε₃₂ = 6·10⁻⁸; measured: 2–4·10⁻⁵·λmax at order 4096) about twice as
    /// fast, for statistics that do not need double-precision eigenvalues (the correlation traps).
    /// - Complexity: O(min(m,n)²·max(m,n) + min(m,n)³).
    public static func shortSideGramEigenvalues<T: GramScalar>(_ w: UnsafeBufferPointer<T>, rows m: Int, columns n: Int,
                                                               scale: T = 1) throws(GSLError) -> [Double] {
        guard m > 0, n > 0, w.count == m * n else {
            throw .invalidArgument("shortSideGramEigenvalues: buffer of \(w.count) values is not \(m)×\(n)")
        }
        let k = Swift.min(m, n)
        var g = [T](repeating: 0, count: k * k)
        g.withUnsafeMutableBufferPointer { gp in
            T.syrk(transpose: m > n, order: k, depth: Swift.max(m, n), alpha: scale, w.baseAddress, lda: n, into: gp.baseAddress)
        }
        return try symmetricEigenvalues(&g, order: k).map { Double($0) }
    }

    /// Eigenvalues (ascending) of a symmetric row-major matrix, whose upper triangle is read.
    /// The matrix storage is overwritten.
    ///
    /// Below order ``twoStageOrder`` by `?syevd` (one-stage tridiagonalisation, half of its flops in
    /// matrix–vector products that stream the whole matrix per column); from it on by
    /// `?syevd_2stage`, which first reduces to a band matrix with matrix–matrix products and then
    /// chases the band down to tridiagonal (eigenvalues only, as here). Both are backward stable.
    /// `twoStage` overrides the choice.
    public static func symmetricEigenvalues<T: GramScalar>(_ a: inout [T], order m: Int, twoStage: Bool? = nil) throws(GSLError) -> [T] {
        guard a.count == m * m else { throw .invalidArgument("symmetricEigenvalues: \(a.count) values is not \(m)×\(m)") }
        var w = [T](repeating: 0, count: m)
        let twoStage = twoStage ?? (m >= twoStageOrder)
        let info = a.withUnsafeMutableBufferPointer { ap in
            w.withUnsafeMutableBufferPointer { wp in T.syevd(twoStage: twoStage, order: m, ap.baseAddress, into: wp.baseAddress) }
        }
        guard info == 0 else { throw .lapack(info: info, routine: T.eigenRoutine(twoStage: twoStage)) }
        return w
    }

    /// The order from which ``symmetricEigenvalues(_:order:)`` uses the two-stage reduction
    /// (measured on one core: 1.4× faster at 4096, on par at 2048, slower at 1024; see the README's
    /// 7B section).
    public static let twoStageOrder = 2048

    /// C ← α·op(A)·op(B) + β·C in single precision, row-major (cblas_sgemm).
    /// op(A) is m×k, op(B) is k×n, C is m×n.
    public static func gemm(
        _ a: UnsafePointer<Float>, transposeA: Bool = false,
        _ b: UnsafePointer<Float>, transposeB: Bool = false,
        into c: UnsafeMutablePointer<Float>, m: Int, n: Int, k: Int,
        alpha: Float = 1, beta: Float = 0
    ) {
        cblas_sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha,
                    a, Int32(transposeA ? m : k), b, Int32(transposeB ? k : n), beta, c, Int32(n))
    }

    /// C ← α·op(A)·op(B) + β·C in single precision with explicit leading dimensions (row-major
    /// sub-matrices: a head's columns of a wider activation, for instance).
    /// op(A) is m×k, op(B) is k×n, C is m×n; `lda`, `ldb`, `ldc` are the row strides of the stored A, B, C.
    public static func gemm(
        _ a: UnsafePointer<Float>, lda: Int, transposeA: Bool = false,
        _ b: UnsafePointer<Float>, ldb: Int, transposeB: Bool = false,
        into c: UnsafeMutablePointer<Float>, ldc: Int, m: Int, n: Int, k: Int,
        alpha: Float = 1, beta: Float = 0
    ) {
        cblas_sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    /// The number of threads OpenBLAS currently uses.
    public static var blasThreads: Int { Int(openblas_get_num_threads()) }

    /// C ← α·op(A)·op(B) + β·C in double precision, row-major (cblas_dgemm).
    public static func gemm(
        _ a: UnsafePointer<Double>, transposeA: Bool = false,
        _ b: UnsafePointer<Double>, transposeB: Bool = false,
        into c: UnsafeMutablePointer<Double>, m: Int, n: Int, k: Int,
        alpha: Double = 1, beta: Double = 0
    ) {
        cblas_dgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha,
                    a, Int32(transposeA ? m : k), b, Int32(transposeB ? k : n), beta, c, Int32(n))
    }

    /// Limits OpenBLAS to `n` threads (the process-wide setting).
    public static func setBLASThreads(_ n: Int) { openblas_set_num_threads(Int32(max(1, n))) }

    /// Stops OpenBLAS's worker threads, which it starts when it loads and which then spin for about
    /// 0.1 s waiting for work: on a machine whose cores the caller's own threads fill, that takes a
    /// core away just as the work starts (`sample` of 8192×4096 f32 on two cores: 0.22 → 0.17 s).
    /// A later multi-threaded BLAS call starts them again. A no-op for OpenBLAS builds without them.
    public static func stopIdleBLASThreads() { _ = wl_blas_stop_idle_threads() }
}
