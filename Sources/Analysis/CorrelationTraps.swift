import Foundation
import GSLKit

/// Correlation traps: the ESD of W with its entries randomly permuted (seeded from the tensor's
/// name, so reproducible; WeightWatcher's `randomize=True` shuffles unseeded). Permuting destroys
/// the correlations learned by training but keeps every entry, so the permuted ESD is
/// Marchenko–Pastur unless single large entries stand out of it: those are the traps.
///
/// ```
/// W_rand = the entries of W in a uniformly random order (ScatterShuffle: Rao–Sandelius buckets,
///          Fisher–Yates within each, SplitMix64), same shape (conv: then sliced)
/// λ_rand = ESD(W_rand)                       (WᵀW, not divided by N; conv slices pooled; in single
///                                              precision: |Δλ| ≲ 4·10⁻⁵·λmax at order 4096, far
///                                              inside the margin below and the densities' resolution)
/// σ² = Σλ_rand/(N·M·rf)                      (the entries' mean square)
/// λ₊ = σ²(√N + √M)²                          (the MP edge on this scale)
/// traps = #{λ_rand > σ²·(N(1 + √(M/N))² + 6·s)},  s = (√N + √M)(1/√N + 1/√M)^{1/3}
///         (the Tracy–Widom margin of SpectrumCheck: a Gaussian W shows a trap with P < 10⁻⁴)
/// rand_distance = √((KL(p‖m) + KL(q‖m))/2), p, q = the sorted ESDs, m = (p+q)/2, each
///         normalised to sum 1, natural logs (WeightWatcher's jensen_shannon_distance)
/// ww_softrank = max λ_rand / λmax
/// ```
public struct CorrelationTraps: Sendable, Codable, Equatable {
    public var traps: Int
    public var randLambdaMax: Double
    public var randLambdaPlus: Double
    public var randDistance: Double
    public var wwSoftrank: Double
    /// The permuted ESD, ascending (for figures; not in JSON).
    public var eigenvalues: [Double] = []

    enum CodingKeys: String, CodingKey {
        case traps
        case randLambdaMax = "rand_lambda_max"
        case randLambdaPlus = "rand_lambda_plus"
        case randDistance = "rand_distance"
        case wwSoftrank = "ww_softrank"
    }

    /// The traps of `w` (shape [rows, columns] or 4-D) against its ESD `esd`, the permuted ESD in
    /// the precision `T` (Float; Double only to check that Float is enough).
    public static func run<T: GramScalar>(_ w: UnsafeBufferPointer<Double>, shape: [Int], esd: EmpiricalSpectrum, seed: UInt64,
                                          precision: T.Type = Float.self) throws(AnalysisError) -> CorrelationTraps {
        statistics(permuted: try permutedSpectrum(w, shape: shape, seed: seed, precision: precision), esd: esd.eigenvalues)
    }

    /// The ESD of `w` with its entries permuted (the costly half, which needs nothing of W's own
    /// ESD, so the analyzer runs it beside the spectrum), in the precision `T`.
    public static func permutedSpectrum<T: GramScalar>(_ w: UnsafeBufferPointer<Double>, shape: [Int], seed: UInt64,
                                                       precision: T.Type = Float.self) throws(AnalysisError) -> EmpiricalSpectrum {
        // A uniform permutation by Rao–Sandelius (``ScatterShuffle``): the 11.7M-entry embedding of
        // MiniLM shuffles in buckets that fit the cache. In single precision: half the memory, and
        // the Gram product and eigenvalues about twice as fast (the values are permuted exactly;
        // only their last bits are rounded).
        let shuffled = ScatterShuffle.permuted(w, as: T.self, seed: seed)
        return try shuffled.withUnsafeBufferPointer { (p) throws(AnalysisError) in try EmpiricalSpectrum.compute(p, shape: shape) }
    }

    /// The traps statistics of the permuted ESD `rand` against W's own ESD `esd` (its eigenvalues,
    /// ascending).
    public static func statistics(permuted rand: EmpiricalSpectrum, esd: [Double]) -> CorrelationTraps {
        let lr = rand.eigenvalues
        let n = Double(rand.n), m = Double(rand.m)
        let sigma2 = lr.reduce(0, +) / (n * m * Double(rand.receptiveField))
        let edge = sigma2 * Foundation.pow(n.squareRoot() + m.squareRoot(), 2)
        let s = (n.squareRoot() + m.squareRoot()) * Foundation.pow(1 / n.squareRoot() + 1 / m.squareRoot(), 1.0 / 3.0)
        let threshold = sigma2 * (n * Foundation.pow(1 + (m / n).squareRoot(), 2) + 6 * s)
        let lmax = esd.last ?? 0
        return CorrelationTraps(traps: lr.filter { $0 > threshold }.count, randLambdaMax: lr.last ?? 0, randLambdaPlus: edge,
                                randDistance: jensenShannonDistance(esd, lr),
                                wwSoftrank: lmax > 0 ? (lr.last ?? 0) / lmax : .nan, eigenvalues: lr)
    }

    /// WeightWatcher's `jensen_shannon_distance(p, q)` (SciPy's `entropy` normalises each argument).
    public static func jensenShannonDistance(_ p: [Double], _ q: [Double]) -> Double {
        guard p.count == q.count, !p.isEmpty else { return .nan }
        let m = zip(p, q).map { ($0 + $1) / 2 }
        func kl(_ a: [Double], _ b: [Double]) -> Double {
            let sa = a.reduce(0, +), sb = b.reduce(0, +)
            var d = 0.0
            for (x, y) in zip(a, b) where x > 0 { d += x / sa * Foundation.log((x / sa) / (y / sb)) }
            return d
        }
        return ((kl(p, m) + kl(q, m)) / 2).squareRoot()
    }
}
