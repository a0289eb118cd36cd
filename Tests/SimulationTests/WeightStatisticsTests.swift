import Testing
@testable import Simulation

@Suite struct WeightStatisticsTests {
    /// w = 1, 2, 3, 4 against W₀ = 1, 1, 1, 1 by hand: w̄ = 2.5, std = √1.25, excess kurtosis
    /// 4·10.25/25 − 3 = −1.36, displacement ‖W − W₀‖/‖W₀‖ = √(0 + 1 + 4 + 9)/√4 = √3.5.
    @Test func smallTensorByHand() {
        let s = WeightStatistics(name: "w", values: [1, 2, 3, 4][...], reference: [1, 1, 1, 1][...])
        #expect(s.count == 4 && s.mean == 2.5)
        #expect(s.std == 1.25.squareRoot())
        #expect(abs(s.excessKurtosis + 1.36) < 1e-15)
        #expect(s.displacement == 3.5.squareRoot())
    }

    /// An empty tensor has zero moments (not NaN) and no displacement.
    @Test func emptyTensorIsZero() {
        let s = WeightStatistics(name: "e", values: [][...], reference: [][...])
        #expect(s.count == 0 && s.mean == 0 && s.std == 0 && s.excessKurtosis == 0 && s.displacement == nil)
    }
}
