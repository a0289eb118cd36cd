import Foundation
import GSLKit
import Testing
@testable import Distributions

/// The f32 bulk samplers (`fill(_: UnsafeMutableBufferPointer<Float>, using:)`, what
/// `Sampling.TensorSampler` runs on each block for `weightlab sample`) against each law's closed
/// forms: 2²⁰ values drawn in 16 blocks of 2¹⁶, each from its own engine as the sampler does.
///
/// Same tolerances as ``LawMomentTests``: 6 batch-means standard errors (100 batches), false
/// failure below 10⁻⁶ per check (about 10⁻⁴ over this suite's ~100 checks).
@Suite("Bulk f32 samplers reproduce their theoretical moments")
struct FloatPathMomentTests {
    static let blocks = 16, blockSize = 1 << 16

    @Test(arguments: LawMomentTests.laws)
    func floatSamplerMomentsMatchTheory(spec: String) throws {
        let law = try parseLaw(spec)
        var x = [Float](repeating: .nan, count: Self.blocks * Self.blockSize)
        x.withUnsafeMutableBufferPointer { all in
            for b in 0..<Self.blocks {
                let block = UnsafeMutableBufferPointer(rebasing: all[(b * Self.blockSize)..<((b + 1) * Self.blockSize)])
                law.fill(block, using: RandomEngine(.taus2, seed: LawMomentTests.seed(spec) &* 1_000_003 &+ UInt64(b)))
            }
        }
        #expect(x.allSatisfy { $0.isFinite }, "\(spec): non-finite draws")
        let s = SampleStatistics(x.map(Double.init))
        let m = law.moments
        let k = 6.0
        #expect(abs(s.mean - m.mean) <= k * s.seMean, "\(spec): mean \(s.mean) vs \(m.mean) ± \(s.seMean)")
        #expect(abs(s.variance - m.variance) <= k * s.seVariance, "\(spec): variance \(s.variance) vs \(m.variance) ± \(s.seVariance)")
        #expect(abs(s.skewness - m.skewness) <= k * s.seSkewness, "\(spec): skewness \(s.skewness) vs \(m.skewness) ± \(s.seSkewness)")
        #expect(abs(s.excessKurtosis - m.excessKurtosis) <= k * s.seKurtosis,
                "\(spec): excess kurtosis \(s.excessKurtosis) vs \(m.excessKurtosis) ± \(s.seKurtosis)")
    }

    /// Truncated bulk samples never leave their window, in either precision.
    @Test(arguments: LawMomentTests.laws.filter { $0.hasPrefix("truncated") })
    func truncatedBulkSamplesStayInTheWindow(spec: String) throws {
        let law = try #require(try parseLaw(spec) as? TruncatedGaussian)
        let lo = law.mean + law.sigma * law.lower, hi = law.mean + law.sigma * law.upper
        var f = [Float](repeating: .nan, count: 100_000), d = [Double](repeating: .nan, count: 100_000)
        f.withUnsafeMutableBufferPointer { law.fill($0, using: RandomEngine(seed: 5)) }
        d.withUnsafeMutableBufferPointer { law.fill($0, using: RandomEngine(seed: 5)) }
        #expect(d.allSatisfy { $0 >= lo && $0 <= hi }, "\(spec)")
        // f32 rounding may land on the nearest float outside an edge that is not a float itself.
        #expect(f.allSatisfy { Double($0) >= Double(Float(lo)) && Double($0) <= Double(Float(hi)) }, "\(spec)")
    }
}
