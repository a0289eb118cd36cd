import Distributions
import Foundation
import GSLKit
import Testing
import TensorIO
@testable import Analysis

/// The moments-only scan straight from stored bytes (``MomentScan``: a 16-bit histogram for bf16
/// and f16, in-place sums for f32) against the decoded path (the values widened to Float, then
/// ``MomentSummary/of(_:nanCount:infCount:smallThreshold:)``), and its independence from the
/// number of workers. Every check is deterministic (fixed seeds): no false failures.
@Suite struct MomentScanTests {
    /// Little-endian bytes of `values` stored as `dtype` (f16/bf16 rounded to nearest even).
    static func stored(_ values: [Float], as dtype: DType) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(values.count * dtype.byteWidth)
        for v in values {
            switch dtype {
            case .bf16: withUnsafeBytes(of: HalfConversion.floatToBF16Bits(v).littleEndian) { out.append(contentsOf: $0) }
            case .f16: withUnsafeBytes(of: HalfConversion.floatToF16Bits(v).littleEndian) { out.append(contentsOf: $0) }
            case .f32: withUnsafeBytes(of: v.bitPattern.littleEndian) { out.append(contentsOf: $0) }
            case .f64: withUnsafeBytes(of: Double(v).bitPattern.littleEndian) { out.append(contentsOf: $0) }
            }
        }
        return out
    }

    /// The values the decoded path sees: the stored bytes widened to Float.
    static func decoded(_ bytes: [UInt8], as dtype: DType) -> [Float] {
        bytes.withUnsafeBytes { raw in
            (0..<(bytes.count / dtype.byteWidth)).map { i in
                switch dtype {
                case .bf16: return HalfConversion.bf16BitsToFloat(raw.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))
                case .f16: return HalfConversion.f16BitsToFloat(raw.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))
                case .f32: return raw.loadUnaligned(fromByteOffset: 4 * i, as: Float.self)
                case .f64: return Float(raw.loadUnaligned(fromByteOffset: 8 * i, as: Double.self))
                }
            }
        }
    }

    static func scan(_ bytes: [UInt8], _ dtype: DType, workers: Int = 2) throws -> MomentSummary? {
        try bytes.withUnsafeBytes { try MomentScan.summary($0, dtype: dtype, count: bytes.count / dtype.byteWidth, workers: workers) }
    }

    /// N(0.001, 0.02²) draws, a law like a weight matrix's (the mean shifts the sign counts).
    static func weights(_ n: Int, seed: UInt64) throws -> [Float] {
        try Gaussian(sigma: 0.02).samples(n, using: RandomEngine(.taus2, seed: seed)).map { Float($0 + 0.001) }
    }

    /// Both paths sum the same double-precision values in different orders. Recursive summation of
    /// n terms errs by at most γₙ·Σ|term| with γₙ = nε/(1 − nε) (Higham, Accuracy and Stability,
    /// §4.2), the compensated sums over bins by 2ε·Σ|term|; each term's products add ≤ 4ε. So the
    /// two means differ by at most (n + 8)·ε·E|x|, and a standardised moment k by at most
    /// (n + 8)·ε·k·(E|d|^k/σ^k + E|x|/σ) (its central sum, plus the mean's error moved through
    /// it); the tolerance is 4× that, to cover the second order. The counts (zeros, signs, 3σ
    /// tail, small values) are equal unless a stored value lies within that error of a threshold:
    /// with bf16 values 2⁻⁸ apart in relative terms, no such value occurs at these seeds.
    static func expectAgreement(_ a: MomentSummary, _ b: MomentSummary, values x: [Float], _ label: String) {
        let finite = x.filter(\.isFinite).map(Double.init)
        let n = Double(finite.count), eps = Double.ulpOfOne
        let mean = finite.reduce(0, +) / n
        let sd = (finite.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n).squareRoot()
        func absMoment(_ k: Double) -> Double { finite.reduce(0) { $0 + Foundation.pow(Swift.abs($1 - mean), k) } / n / Foundation.pow(sd, k) }
        let e = 4 * (n + 8) * eps, meanAbs = finite.reduce(0) { $0 + Swift.abs($1) } / n
        #expect(a.count == b.count && a.nanCount == b.nanCount && a.infCount == b.infCount, "\(label): counts")
        #expect(a.min == b.min && a.max == b.max, "\(label): extremes")
        #expect(Swift.abs(a.mean.value - b.mean.value) <= e * meanAbs, "\(label): mean \(a.mean.value) vs \(b.mean.value)")
        #expect(Swift.abs(a.std.value - b.std.value) <= e * sd, "\(label): std \(a.std.value) vs \(b.std.value)")
        #expect(Swift.abs(a.skewness.value - b.skewness.value) <= 3 * e * (absMoment(3) + meanAbs / sd), "\(label): skewness")
        #expect(Swift.abs(a.excessKurtosis.value - b.excessKurtosis.value) <= 4 * e * (absMoment(4) + meanAbs / sd), "\(label): kurtosis")
        #expect(a.zeroFraction == b.zeroFraction && a.tail3Sigma == b.tail3Sigma && a.smallFraction == b.smallFraction, "\(label): fractions")
        #expect(a.signZ == b.signZ, "\(label): sign z")
    }

    /// Lengths around the edges: the minimum (8), odd, one past a histogram chunk (2²⁰ + 1), and
    /// more chunks than workers.
    @Test(arguments: [DType.bf16, .f16, .f32], [8, 1001, (1 << 20) + 1, 3 * (1 << 20) + 7])
    func agreesWithTheDecodedPath(dtype: DType, n: Int) throws {
        var x = try Self.weights(n, seed: 41 + UInt64(n))
        x[n / 2] = 0  // one exact zero at least
        let bytes = Self.stored(x, as: dtype), values = Self.decoded(bytes, as: dtype)
        let scanned = try #require(try Self.scan(bytes, dtype))
        let reference = try values.withUnsafeBufferPointer { try MomentSummary.of($0) }
        Self.expectAgreement(scanned, reference, values: values, "\(dtype) n=\(n)")
    }

    /// The counts are integers and the chunks fixed, so any number of workers gives the same summary.
    @Test(arguments: [DType.bf16, .f16, .f32])
    func workersDoNotChangeTheResult(dtype: DType) throws {
        let bytes = Self.stored(try Self.weights(3 * (1 << 20) + 5, seed: 9), as: dtype)
        let one = try #require(try Self.scan(bytes, dtype, workers: 1))
        for w in [2, 3, 8] { #expect(try Self.scan(bytes, dtype, workers: w) == one, "\(dtype), \(w) workers") }
    }

    /// NaN and ±∞ in 16-bit tensors are counted and left out, as the decoded path does; an f32
    /// tensor that holds one goes back to the decoded path (nil).
    @Test(arguments: [DType.bf16, .f16])
    func nonFiniteValuesAreCountedAndExcluded(dtype: DType) throws {
        var x = try Self.weights(5000, seed: 3)
        x[0] = .nan; x[17] = .infinity; x[4999] = -.infinity; x[2500] = .nan
        let bytes = Self.stored(x, as: dtype), values = Self.decoded(bytes, as: dtype)
        let scanned = try #require(try Self.scan(bytes, dtype))
        #expect(scanned.nanCount == 2 && scanned.infCount == 2 && scanned.count == 4996)
        let finite = values.filter(\.isFinite)
        let reference = try finite.withUnsafeBufferPointer { try MomentSummary.of($0, nanCount: 2, infCount: 2) }
        Self.expectAgreement(scanned, reference, values: values, "\(dtype) with NaN/Inf")
        var y = try Self.weights(100, seed: 4)
        y[50] = .nan
        #expect(try Self.scan(Self.stored(y, as: .f32), .f32) == nil)
    }

    /// Bytes at an odd address (a 16-bit tensor after an odd-sized one) give the same summary.
    @Test(arguments: [DType.bf16, .f16])
    func misalignedBytesGiveTheSameSummary(dtype: DType) throws {
        let bytes = Self.stored(try Self.weights(70_001, seed: 12), as: dtype)
        let aligned = try #require(try Self.scan(bytes, dtype))
        let shifted = [0] + bytes
        let odd = try shifted.withUnsafeBytes { raw in
            try MomentScan.summary(UnsafeRawBufferPointer(rebasing: raw[1...]), dtype: dtype, count: 70_001, workers: 2)
        }
        #expect(odd == aligned)
    }

    /// Too few finite values and constant tensors throw what the decoded path throws.
    @Test func errorsMatchTheDecodedPath() throws {
        let seven = Self.stored([1, 2, 3, 4, 5, 6, 7], as: .bf16)
        #expect(throws: AnalysisError.notEnoughData(n: 7, needed: 8)) { try Self.scan(seven, .bf16) }
        let mostlyNaN = Self.stored([1, 2, .nan, .nan, .nan, 3, .nan, 4, 5, .infinity], as: .f16)
        #expect(throws: AnalysisError.notEnoughData(n: 5, needed: 8)) { try Self.scan(mostlyNaN, .f16) }
        let constant = Self.stored([Float](repeating: 0.5, count: 100), as: .bf16)
        #expect(throws: AnalysisError.constant(value: 0.5)) { try Self.scan(constant, .bf16) }
        #expect(throws: AnalysisError.constant(value: 0.5)) {
            try Self.decoded(constant, as: .bf16).withUnsafeBufferPointer { try MomentSummary.of($0) }
        }
    }
}
