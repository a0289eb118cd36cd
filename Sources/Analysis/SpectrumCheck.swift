import Distributions
import Foundation
import GSLKit

/// The spectral test of "i.i.d.": eigenvalues of (1/n)·W·Wᵀ (W m×n with m ≤ n) against
/// Marchenko–Pastur. The mean is not removed: a non-zero mean is rank-one structure and shows up as
/// one spike, and removing it would add a rank to a low-rank matrix.
///
/// ```
/// q = m/n;  σ̂² from the median eigenvalue, σ̂² = median(λ)/median(MP(q, 1)), then refined as the
///          mean of the eigenvalues below the spike threshold (the MP mean is σ²; 3 iterations)
/// λ± = σ̂²(1 ± √q)²
/// spike: λ > λ+ + 6·s/n·σ̂²,  s = (√n + √m)(1/√n + 1/√m)^{1/3}   (Johnstone's Tracy–Widom scale;
///        P(TW₁ > 6) < 10⁻⁴, so an i.i.d. matrix shows a false spike with probability < 10⁻⁴)
/// bulk_ks: KS distance between the eigenvalues ≤ the spike threshold and MP(q, σ̂²)
/// rank-deficient input (median λ at round-off, λ ≤ λmax·n·10⁻¹³): spikes = numerical rank,
///   σ̂² = 0, bulk_ks = NaN
/// ```
public struct SpectrumCheck: Sendable, Codable, Equatable {
    public var rows: Int
    public var columns: Int
    public var ratio: Double
    public var mpSigma2: Double
    public var lambdaPlus: Double
    public var lambdaMinus: Double
    public var spikeThreshold: Double
    public var spikes: Int
    public var topEigenvalues: [Double]
    public var bulkKS: Double
    /// All eigenvalues, ascending (kept for figures; omitted from JSON reports).
    public var eigenvalues: [Double]

    enum CodingKeys: String, CodingKey {
        case rows, columns, ratio, spikes
        case mpSigma2 = "mp_sigma2"
        case lambdaPlus = "lambda_plus"
        case lambdaMinus = "lambda_minus"
        case spikeThreshold = "spike_threshold"
        case topEigenvalues = "top_eigenvalues"
        case bulkKS = "bulk_ks"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        rows = try c.decode(Int.self, forKey: .rows)
        columns = try c.decode(Int.self, forKey: .columns)
        ratio = try c.decode(Double.self, forKey: .ratio)
        mpSigma2 = try c.decode(Double.self, forKey: .mpSigma2)
        lambdaPlus = try c.decode(Double.self, forKey: .lambdaPlus)
        lambdaMinus = try c.decode(Double.self, forKey: .lambdaMinus)
        spikeThreshold = try c.decode(Double.self, forKey: .spikeThreshold)
        spikes = try c.decode(Int.self, forKey: .spikes)
        topEigenvalues = try c.decode([Double].self, forKey: .topEigenvalues)
        bulkKS = try c.decode(Double.self, forKey: .bulkKS)
        eigenvalues = []
    }

    init(rows: Int, columns: Int, ratio: Double, mpSigma2: Double, lambdaPlus: Double, lambdaMinus: Double,
         spikeThreshold: Double, spikes: Int, topEigenvalues: [Double], bulkKS: Double, eigenvalues: [Double]) {
        self.rows = rows; self.columns = columns; self.ratio = ratio; self.mpSigma2 = mpSigma2
        self.lambdaPlus = lambdaPlus; self.lambdaMinus = lambdaMinus; self.spikeThreshold = spikeThreshold
        self.spikes = spikes; self.topEigenvalues = topEigenvalues; self.bulkKS = bulkKS; self.eigenvalues = eigenvalues
    }

    /// The spectrum of a row-major `rows`×`columns` matrix.
    public static func run(_ w: UnsafeBufferPointer<Double>, rows: Int, columns: Int) throws(AnalysisError) -> SpectrumCheck {
        guard rows >= 2, columns >= 2, w.count == rows * columns else { throw .notEnoughData(n: w.count, needed: 4) }
        let m = Swift.min(rows, columns), n = Swift.max(rows, columns)
        let eig: [Double]
        do { eig = try LinearAlgebra.gramEigenvalues(w, rows: rows, columns: columns) } catch {
            throw .shapeMismatch("eigenvalue computation failed: \(error)")
        }
        let q = Double(m) / Double(n)
        // A rank-deficient matrix (e.g. a low-rank update) has a median eigenvalue at round-off
        // level: there is no bulk to fit, and the spikes are the numerically non-zero eigenvalues.
        let top = Swift.max(eig.last ?? 0, 0)
        let roundOff = top * Double(n) * 1e-13
        if eig[m / 2] <= roundOff {
            let rank = eig.filter { $0 > roundOff }.count
            return SpectrumCheck(rows: rows, columns: columns, ratio: q, mpSigma2: 0, lambdaPlus: 0, lambdaMinus: 0,
                                 spikeThreshold: roundOff, spikes: rank, topEigenvalues: Array(eig.suffix(10).reversed()),
                                 bulkKS: .nan, eigenvalues: eig)
        }
        let mpMedian = MarchenkoPastur.standardQuantile(0.5, q: q)
        let sn = Double(n).squareRoot(), sm = Double(m).squareRoot()
        let tw = (sn + sm) * Foundation.pow(1 / sn + 1 / sm, 1.0 / 3.0) / Double(n)
        // Start from the median (robust to spikes), then refine with the mean of the bulk below the
        // spike threshold: the MP mean is exactly σ², so this removes the median's small-m bias.
        var sigma2 = Swift.max(eig[m / 2], 1e-300) / mpMedian
        var threshold = sigma2 * (Foundation.pow(1 + q.squareRoot(), 2) + 6 * tw)
        for _ in 0..<3 {
            let bulk = eig.filter { $0 <= threshold }
            guard !bulk.isEmpty else { break }
            sigma2 = bulk.reduce(0, +) / Double(bulk.count)
            threshold = sigma2 * (Foundation.pow(1 + q.squareRoot(), 2) + 6 * tw)
        }
        let lp = sigma2 * Foundation.pow(1 + q.squareRoot(), 2)
        let lm = sigma2 * Foundation.pow(1 - q.squareRoot(), 2)
        let spikes = eig.filter { $0 > threshold }.count
        let bulk = eig.filter { $0 <= threshold }
        var d = 0.0
        for (i, l) in bulk.enumerated() {
            let f = MarchenkoPastur.standardCDF(l / sigma2, q: q)
            d = Swift.max(d, Swift.abs(f - Double(i) / Double(bulk.count)), Swift.abs(Double(i + 1) / Double(bulk.count) - f))
        }
        return SpectrumCheck(rows: rows, columns: columns, ratio: q, mpSigma2: sigma2, lambdaPlus: lp, lambdaMinus: lm,
                             spikeThreshold: threshold, spikes: spikes, topEigenvalues: Array(eig.suffix(10).reversed()),
                             bulkKS: d, eigenvalues: eig)
    }
}
