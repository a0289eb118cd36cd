import Foundation
import GSLKit
import Testing
@testable import Analysis

/// The correlation traps' permuted ESD is computed in single precision. Against the same
/// permutation in double precision, on matrices with and without traps, below and above the
/// two-stage order (2048): the trap count is the same and the other statistics move by no more
/// than single-precision rounding allows: the Gram product's error is bounded by the long side N
/// times ε₃₂·λmax (ε₃₂ = 6·10⁻⁸) and the eigensolver's by a multiple of the order times the same,
/// so |Δλ| ≤ N·ε₃₂·λmax is the bound checked (observed: about a third of it). Deterministic: fixed
/// seeds, nothing random at run time.
@Suite struct TrapsPrecisionTests {
    /// A rows×columns matrix of N(0, 0.02²) entries (or Student-t with ν), with `spikes` entries
    /// set to 2σ(√rows + √columns): each gives an eigenvalue near 4× the Marchenko–Pastur edge
    /// σ²(√rows + √columns)², a trap of the permuted matrix.
    static func matrix(_ rows: Int, _ columns: Int, nu: Double? = nil, spikes: Int = 0, seed: UInt64) -> [Double] {
        let e = RandomEngine(seed: seed)
        var w = (0..<(rows * columns)).map { _ in nu.map { 0.02 * e.studentT($0) } ?? e.gaussian(0.02) }
        let spike = 0.04 * (Double(rows).squareRoot() + Double(columns).squareRoot())
        for k in 0..<spikes { w[(k * 7919 + 13) % w.count] = spike }
        return w
    }

    @Test(arguments: [(256, 600, nil, 0), (512, 512, 1.5, 0), (300, 700, nil, 3), (2048, 2100, nil, 4)] as [(Int, Int, Double?, Int)])
    func singleMatchesDouble(rows: Int, columns: Int, nu: Double?, spikes: Int) throws {
        let w = Self.matrix(rows, columns, nu: nu, spikes: spikes, seed: UInt64(rows + spikes))
        let shape = [rows, columns]
        try w.withUnsafeBufferPointer { p in
            let esd = try EmpiricalSpectrum.compute(p, shape: shape)
            let single = try CorrelationTraps.run(p, shape: shape, esd: esd, seed: 9)
            let double = try CorrelationTraps.run(p, shape: shape, esd: esd, seed: 9, precision: Double.self)
            #expect(single.traps == double.traps, "traps \(single.traps) in single, \(double.traps) in double")
            if spikes > 0 { #expect(double.traps >= 1, "planted spikes show no trap") }
            if nu == nil && spikes == 0 { #expect(double.traps == 0) }
            let lmax = try #require(double.eigenvalues.last)
            let bound = Double(Swift.max(rows, columns)) * 6e-8 * lmax
            let worst = zip(single.eigenvalues, double.eigenvalues).map { Swift.abs($0 - $1) }.max() ?? .infinity
            #expect(worst <= bound, "max |Δλ| \(worst) > N·ε₃₂·λmax = \(bound)")
            #expect(Swift.abs(single.randLambdaMax - double.randLambdaMax) <= bound)
            #expect(Swift.abs(single.randDistance - double.randDistance) <= 1e-4, "rand_distance \(single.randDistance) vs \(double.randDistance)")
            #expect(Swift.abs(single.wwSoftrank - double.wwSoftrank) <= 1e-5 * double.wwSoftrank)
        }
    }
}
