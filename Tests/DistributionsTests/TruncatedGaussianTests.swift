import Foundation
import GSLKit
import Testing
@testable import Distributions

@Suite struct TruncatedGaussianTests {
    static let windows: [(Double, Double)] = [(-1, 1), (-2, 2), (-3, 3), (0.5, 1), (2, 6), (-1, 3), (3, .infinity),
                                              (-.infinity, -2.5), (-0.2, 0.3), (4, 4.2), (4, 4.05), (-8, -7.5), (6, 30)]

    @Test(arguments: windows.indices)
    func samplesNeverLeaveTheWindow(_ i: Int) throws {
        let (a, b) = Self.windows[i]
        let law = try TruncatedGaussian(mean: 0.5, sigma: 2, lower: a, upper: b)
        let engine = RandomEngine(.taus2, seed: UInt64(100 + i))
        let lo = 0.5 + 2 * a, hi = 0.5 + 2 * b
        var doubles = [Double](repeating: 0, count: 200_000)
        doubles.withUnsafeMutableBufferPointer { law.fill($0, using: engine) }
        #expect(doubles.allSatisfy { $0 >= lo && $0 <= hi })
        var floats = [Float](repeating: 0, count: 200_000)
        floats.withUnsafeMutableBufferPointer { law.fill($0, using: engine) }
        // Rounding to Float can reach the Float-rounded bound but never beyond it.
        #expect(floats.allSatisfy { $0 >= Float(lo) && $0 <= Float(hi) })
    }

    @Test func regimesFollowTheWindow() throws {
        #expect(try TruncatedGaussian.symmetric(sigma: 1, c: 2).regime == .normalRejection)
        #expect(try TruncatedGaussian(sigma: 1, lower: -0.2, upper: 0.3).regime == .uniformCentral)
        #expect(try TruncatedGaussian(sigma: 1, lower: 3, upper: .infinity).regime == .exponentialTail)
        #expect(try TruncatedGaussian(sigma: 1, lower: -.infinity, upper: -3).regime == .exponentialTail)
        #expect(try TruncatedGaussian(sigma: 1, lower: 4, upper: 4.05).regime == .uniformTail)
    }

    @Test func emptyWindowsAreRejected() {
        #expect(throws: DistributionError.self) { try TruncatedGaussian(sigma: 1, lower: 2, upper: 1) }
        #expect(throws: DistributionError.self) { try TruncatedGaussian(sigma: 1, lower: 1, upper: 1) }
        #expect(throws: DistributionError.self) { try TruncatedGaussian(sigma: 1, lower: 50, upper: 60) }
        #expect(throws: DistributionError.self) { try TruncatedGaussian.symmetric(sigma: 1, c: 0) }
    }
}
