import CGSL

/// ln, ln(1 + x) and eˣ over arrays, in place, four doubles at a time: glibc's libmvec (AVX2),
/// within a few ulp of libm's scalar functions (ln(1 + x) on 10⁷ values in [0, 5]: at most
/// 3·10⁻¹⁶ relative apart, about 3× faster). On a CPU or OS without AVX2 libm's scalar loop runs,
/// decided once per process.
///
/// The analysis's per-value passes (the Student-t and generalised-Gaussian likelihoods, the
/// Anderson–Darling and Cramér–von Mises sums) fill a block of arguments, transform it here, and
/// sum it in the same order as before, so only the last bits of the results move.
public enum VectorMath {
    /// Whether the AVX2 kernels run.
    public static let isVectorized = wl_has_avx2() != 0

    /// Values per block that keep the callers' scratch in L1 (2 KB per array).
    public static let block = 256

    /// x ← ln x.
    @inlinable public static func log(_ x: UnsafeMutableBufferPointer<Double>) {
        wl_log_array(x.baseAddress, x.count, isVectorized ? 1 : 0)
    }

    /// x ← ln(1 + x).
    @inlinable public static func log1p(_ x: UnsafeMutableBufferPointer<Double>) {
        wl_log1p_array(x.baseAddress, x.count, isVectorized ? 1 : 0)
    }

    /// x ← eˣ.
    @inlinable public static func exp(_ x: UnsafeMutableBufferPointer<Double>) {
        wl_exp_array(x.baseAddress, x.count, isVectorized ? 1 : 0)
    }
}
