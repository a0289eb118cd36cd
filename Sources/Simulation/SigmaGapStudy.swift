import Distributions
import Sampling

/// The σ gap against the loss gap (claim C5): a teacher y = W*·x and a student W = W* + δ with
/// δ ~ N(0, (g·σ*)²), σ* = std(W*), for a relative gap g.
///
/// ```
/// σ gap      std(W) − std(W*)          → σ*(√(1 + g²) − 1)
/// loss gap   E‖(W − W*)x‖²/rows, x ~ N(0, I)  = ‖δ‖²_F/rows  → g²σ*²·columns
/// ```
/// The loss gap is measured on `testSize` fresh inputs, not taken from the closed form.
public struct SigmaGapStudy: Sendable, Equatable {
    public var shape: [Int]
    public var optimum: ParsedLaw
    public var gap: Double
    public var testSize: Int

    public init(shape: [Int], optimum: ParsedLaw, gap: Double, testSize: Int = 256) throws(SimulationError) {
        guard shape.count == 2, shape.allSatisfy({ $0 >= 1 }) else { throw .invalidParameter("shape must be rows×columns, got \(shape)") }
        guard gap >= 0, gap.isFinite else { throw .invalidParameter("gap must be ≥ 0, got \(gap)") }
        guard testSize >= 1 else { throw .invalidParameter("test_size must be at least 1") }
        self.shape = shape
        self.optimum = optimum
        self.gap = gap
        self.testSize = testSize
    }

    public func run(seeds: SeedTree, sampler: TensorSampler) -> [(String, Double)] {
        let (rows, cols) = (shape[0], shape[1])
        let unit = try! Gaussian(sigma: 1)
        let wstar = sampler.sample(Double.self, shape: shape, law: optimum.distribution, seeds: seeds.child("optimum"))
        let n = Double(wstar.count)
        let meanStar = wstar.reduce(0, +) / n
        let sdStar = (wstar.reduce(0) { $0 + ($1 - meanStar) * ($1 - meanStar) } / n).squareRoot()
        let noise = sampler.sample(Double.self, shape: shape, law: unit, seeds: seeds.child("student"))
        let delta = noise.map { $0 * gap * sdStar }
        let student = zip(wstar, delta).map { $0 + $1 }
        let meanS = student.reduce(0, +) / n
        let sdS = (student.reduce(0) { $0 + ($1 - meanS) * ($1 - meanS) } / n).squareRoot()
        let x = sampler.sample(Double.self, shape: [testSize, cols], law: unit, seeds: seeds.child("test"))
        var loss = 0.0
        for t in 0..<testSize {
            for i in 0..<rows {
                var e = 0.0
                for j in 0..<cols { e += delta[i * cols + j] * x[t * cols + j] }
                loss += e * e
            }
        }
        loss /= Double(testSize * rows)
        let lossTheory = gap * gap * sdStar * sdStar * Double(cols)
        let gapTheory = sdStar * ((1 + gap * gap).squareRoot() - 1)
        return [
            ("sigma_gap", sdS - sdStar), ("sigma_gap_theory", gapTheory), ("sigma_gap_ratio", gapTheory > 0 ? (sdS - sdStar) / gapTheory : .nan),
            ("loss_gap", loss), ("loss_gap_theory", lossTheory), ("loss_gap_ratio", lossTheory > 0 ? loss / lossTheory : .nan),
        ]
    }
}
