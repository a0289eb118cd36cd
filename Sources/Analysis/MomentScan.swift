import Foundation
import TensorIO

/// The moments-only scan of a tensor straight from its stored bytes (a file's memory map): no
/// decoded copy is made.
///
/// ```
/// bf16, f16: one counting pass into 65 536 bins (HalfPrecisionHistogram), the moments from the bins
/// f32:       three passes over the values in place, in double precision (MomentSummary.of)
/// ```
/// Both are deterministic and independent of the number of workers: the 16-bit counts are exact
/// integers, the f32 partial sums are over fixed chunks combined in order.
public enum MomentScan {
    /// The summary of `count` little-endian values of `dtype` in `raw`, or nil when the scan
    /// cannot read them in place and the caller must decode them: an f32 tensor that holds a NaN
    /// or ±∞ (the decoded path separates them), is misaligned or has fewer than 8 values; any f64
    /// tensor; a big-endian host.
    /// - Throws: ``AnalysisError/notEnoughData(n:needed:)`` for fewer than 8 finite 16-bit values,
    ///   ``AnalysisError/constant(value:)`` when they are all equal (as the decoded path).
    public static func summary(_ raw: UnsafeRawBufferPointer, dtype: DType, count: Int, workers: Int) throws(AnalysisError) -> MomentSummary? {
        #if _endian(big)
        return nil
        #else
        guard raw.count >= count * dtype.byteWidth else { return nil }
        switch dtype {
        case .bf16:
            return try HalfPrecisionHistogram.count(raw, count: count, workers: workers)
                .summary { Double(Float(bitPattern: UInt32($0) << 16)) }
        case .f16:
            return try HalfPrecisionHistogram.count(raw, count: count, workers: workers)
                .summary { Double(Float16(bitPattern: $0)) }
        case .f32:
            guard count >= 8, let base = raw.baseAddress, Int(bitPattern: base) % MemoryLayout<Float>.alignment == 0 else { return nil }
            let values = UnsafeBufferPointer(start: base.assumingMemoryBound(to: Float.self), count: count)
            return try MomentSummary.ofIfFinite(values)
        case .f64:
            return nil
        }
        #endif
    }
}
