import Distributions
import Foundation
import Sampling

/// Model merging over a shared optimum W*.
///
/// ```
/// base        B = s·W* + β,        β ~ N(0, σ_b²)   (pre-training: shrunk towards 0, plus error)
/// task k      W_k = W* + τ_k,      τ_k ~ N(0, σ_τ²), k = 1…K
/// task vector d_k = W_k − B
/// average     B + mean_k d_k                         = W* + mean_k τ_k
/// ties        trim each d_k to its top-p fraction by |·|, elect the sign of Σ trimmed d_k per entry,
///             average the trimmed entries that agree with it (TIES-merging)
/// amplify     m = mean_k d_k; entries with |m| above its q-quantile are multiplied by γ
/// distance    ‖W − W*‖_F/‖W*‖_F;   teacher loss E‖(W − W*)x‖²/rows = ‖W − W*‖_F²/rows for x ~ N(0, I)
/// also        each method's distance relative to averaging, and averaging's against σ_τ/(√K·rms W*)
/// ```
public struct TaskMerging: Sendable, Equatable {
    public var shape: [Int]
    public var optimum: ParsedLaw
    public var tasks: Int
    public var taskSigma: Double
    public var baseShrink: Double
    public var baseSigma: Double
    public var trim: Double
    public var amplifyQuantile: Double
    public var gamma: Double

    public init(shape: [Int], optimum: ParsedLaw, tasks: Int, taskSigma: Double, baseShrink: Double = 1,
                baseSigma: Double = 0, trim: Double = 0.2, amplifyQuantile: Double = 0.99, gamma: Double = 2) throws(SimulationError) {
        guard shape.count == 2, shape.allSatisfy({ $0 >= 1 }) else { throw .invalidParameter("shape must be rows×columns, got \(shape)") }
        guard tasks >= 1 else { throw .invalidParameter("tasks must be at least 1, got \(tasks)") }
        guard taskSigma > 0, baseSigma >= 0 else { throw .invalidParameter("task_sigma must be > 0 and base_sigma ≥ 0") }
        guard trim > 0, trim <= 1 else { throw .invalidParameter("trim must be in (0, 1], got \(trim)") }
        guard amplifyQuantile > 0, amplifyQuantile < 1 else { throw .invalidParameter("amplify_quantile must be in (0, 1)") }
        guard gamma > 0 else { throw .invalidParameter("gamma must be > 0") }
        self.shape = shape; self.optimum = optimum; self.tasks = tasks; self.taskSigma = taskSigma
        self.baseShrink = baseShrink; self.baseSigma = baseSigma; self.trim = trim
        self.amplifyQuantile = amplifyQuantile; self.gamma = gamma
    }

    public static let methods = ["average", "ties", "amplify"]

    /// One merge experiment: the distance and teacher loss of each method, and the noise-shrinkage
    /// ratio std(mean τ)·√K/σ_τ (1 in expectation).
    public func run(seeds: SeedTree, sampler: TensorSampler) -> [(String, Double)] {
        let n = shape[0] * shape[1]
        let wstar = sampler.sample(Float.self, shape: shape, law: optimum.distribution, seeds: seeds.child("optimum"))
        let unit = try! Gaussian(sigma: 1)
        let beta = sampler.sample(Float.self, shape: shape, law: unit, seeds: seeds.child("base"))
        var base = [Float](repeating: 0, count: n)
        for i in 0..<n { base[i] = Float(baseShrink) * wstar[i] + Float(baseSigma) * beta[i] }
        var vectors: [[Float]] = []
        var meanTau = [Double](repeating: 0, count: n)
        for k in 0..<tasks {
            let tau = sampler.sample(Float.self, shape: shape, law: unit, seeds: seeds.child("task").child(k))
            var d = [Float](repeating: 0, count: n)
            for i in 0..<n {
                let t = Float(taskSigma) * tau[i]
                meanTau[i] += Double(t) / Double(tasks)
                d[i] = wstar[i] + t - base[i]
            }
            vectors.append(d)
        }
        let meanTauSD = (meanTau.reduce(0) { $0 + $1 * $1 } / Double(n)).squareRoot()
        var mean = [Float](repeating: 0, count: n)
        for d in vectors { for i in 0..<n { mean[i] += d[i] / Float(tasks) } }
        // TIES
        var trimmed = vectors
        for k in 0..<tasks {
            let magnitudes = vectors[k].map { abs($0) }.sorted()
            let cut = magnitudes[min(n - 1, Int(Double(n) * (1 - trim)))]
            for i in 0..<n where abs(trimmed[k][i]) < cut { trimmed[k][i] = 0 }
        }
        var ties = [Float](repeating: 0, count: n)
        for i in 0..<n {
            var total: Float = 0
            for k in 0..<tasks { total += trimmed[k][i] }
            let sign: Float = total >= 0 ? 1 : -1
            var sum: Float = 0, count: Float = 0
            for k in 0..<tasks where trimmed[k][i] != 0 && (trimmed[k][i] > 0) == (sign > 0) { sum += trimmed[k][i]; count += 1 }
            ties[i] = count > 0 ? sum / count : 0
        }
        // Outlier amplification
        let sortedMagnitudes = mean.map { abs($0) }.sorted()
        let threshold = sortedMagnitudes[min(n - 1, Int(Double(n) * amplifyQuantile))]
        let amplified = mean.map { abs($0) > threshold ? $0 * Float(gamma) : $0 }
        let normStar = (wstar.reduce(0.0) { $0 + Double($1) * Double($1) }).squareRoot()
        var out: [(String, Double)] = [("noise_shrinkage_ratio", meanTauSD * Double(tasks).squareRoot() / taskSigma)]
        for (name, merged) in [("average", mean), ("ties", ties), ("amplify", amplified)] {
            var sq = 0.0
            for i in 0..<n { let e = Double(base[i] + merged[i] - wstar[i]); sq += e * e }
            out.append(("\(name).distance", sq.squareRoot() / normStar))
            out.append(("\(name).teacher_loss", sq / Double(shape[0])))
        }
        // Averaging leaves W* + mean τ: its distance is σ_τ/(√K·rms(W*)) in expectation.
        let rmsStar = normStar / Double(n).squareRoot()
        let dist = Dictionary(uniqueKeysWithValues: out.filter { $0.0.hasSuffix(".distance") }.map { ($0.0, $0.1) })
        out.append(("average.distance_over_theory", dist["average.distance"]! / (taskSigma / (Double(tasks).squareRoot() * rmsStar))))
        out.append(("ties.relative_to_average", dist["ties.distance"]! / dist["average.distance"]!))
        out.append(("amplify.relative_to_average", dist["amplify.distance"]! / dist["average.distance"]!))
        var baseSq = 0.0
        for i in 0..<n { let e = Double(base[i] - wstar[i]); baseSq += e * e }
        out.append(("base.distance", baseSq.squareRoot() / normStar))
        // The methods ranked by distance to W* (1 = closest), ties broken in the order of `methods`.
        let ranked = TaskMerging.methods.sorted { dist["\($0).distance"]! < dist["\($1).distance"]! }
        for (i, m) in ranked.enumerated() { out.append(("\(m).rank", Double(i + 1))) }
        return out
    }
}
