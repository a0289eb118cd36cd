import Distributions
import Testing

@Suite struct SampleMomentsTests {
    /// x = 1, 2, 3, 4 by hand: x̄ = 2.5, Σd² = 5, Σd⁴ = 10.25, so s (ddof 0) = √1.25, s (ddof 1)
    /// = √(5/3) and the excess kurtosis is 4·10.25/25 − 3 = −1.36 (exact but for the last
    /// division's rounding, hence 1e-15).
    @Test func smallSampleByHand() {
        let x: [Double] = [1, 2, 3, 4]
        #expect(SampleMoments.mean(x) == 2.5)
        #expect(SampleMoments.std(x, mean: 2.5, ddof: 0) == 1.25.squareRoot())
        #expect(SampleMoments.std(x, mean: 2.5) == (5.0 / 3).squareRoot())
        #expect(abs(SampleMoments.excessKurtosis(x, mean: 2.5) + 1.36) < 1e-15)
    }

    /// A constant or empty sample has no spread: its excess kurtosis is 0, not NaN.
    @Test func noSpreadGivesZeroKurtosis() {
        #expect(SampleMoments.excessKurtosis([3, 3, 3], mean: 3) == 0)
        #expect(SampleMoments.excessKurtosis([], mean: 0) == 0)
    }
}
