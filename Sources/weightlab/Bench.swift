import ArgumentParser
import Distributions
import Foundation
import GSLKit
import Sampling

/// `weightlab bench`: sampling throughput of the laws, without file output, for
/// scripts/bench-peers (which runs the NumPy/SciPy peers in the same session).
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure sampling throughput (values/s) at 1 and N threads, and the spectral check; prints JSON.",
        discussion: "Each law is drawn --repeat times into one preallocated Float buffer, after one untimed draw, the thread counts alternating; the median time is reported."
    )

    @Option(help: "Tensor shape drawn per repetition.")
    var shape: Shape = Shape(argument: "4096x4096")!

    @Option(help: "Repetitions per law and thread count (the median is reported).")
    var `repeat`: Int = 5

    @Option(parsing: .upToNextOption, help: "Law specs to measure.")
    var dist: [String] = ["gaussian(sigma=1)", "truncated(sigma=1, c=2)",
                          "wstar(sigma=0.02, c=2.5, sparsity=0.5, outliers=0.001, outlier_scale=8)",
                          "mixture(scale=lognormal(0, 0.5), by=row)"]

    @Option(parsing: .upToNextOption, help: "Thread counts to measure.")
    var threads: [Int] = [1, 2]

    @Option(help: "GSL generator.")
    var rng: Generator = .default

    @Option(parsing: .upToNextOption, help: ArgumentHelp(
        "Also time the spectral check at these matrix sides: eigenvalues of W·Wᵀ/n for an i.i.d. Gaussian n×n W.",
        discussion: "OpenBLAS uses all cores here, as NumPy does."))
    var spectrum: [Int] = []

    @Flag(help: "Skip the sampling measurements (with --spectrum: time only the spectrum).")
    var noSampling = false

    @Option(help: "Also time GGUF dequantisation: every decodable tensor of this file, by type, at each --threads count.")
    var gguf: String?

    func validate() throws {
        guard `repeat` >= 1 else { throw ValidationError("--repeat must be at least 1") }
        guard threads.allSatisfy({ $0 >= 1 }) else { throw ValidationError("--threads values must be at least 1") }
        guard spectrum.allSatisfy({ $0 >= 2 && $0 <= 16384 }) else { throw ValidationError("--spectrum sides must be in [2, 16384]") }
    }

    func run() throws {
        var results: [[String: Any]] = []
        if !noSampling { try measureSampling(into: &results) }
        for side in spectrum { try measureSpectrum(side: side, into: &results) }
        if let gguf { try measureGGUF(gguf, into: &results) }
        let data = try JSONSerialization.data(withJSONObject: results, options: [.prettyPrinted, .sortedKeys])
        print(String(decoding: data, as: UTF8.self))
    }

    /// Median time of Gram-matrix formation plus eigenvalues (dsyrk + dsyevd).
    private func measureSpectrum(side: Int, into results: inout [[String: Any]]) throws {
        var w = [Double](repeating: 0, count: side * side)
        let normal = try Gaussian()
        w.withUnsafeMutableBufferPointer { normal.fill($0, using: RandomEngine(rng, seed: 1)) }
        var times: [Double] = []
        for _ in 0..<`repeat` {
            let start = DispatchTime.now().uptimeNanoseconds
            _ = try w.withUnsafeBufferPointer { try LinearAlgebra.gramEigenvalues($0, rows: side, columns: side) }
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        times.sort()
        results.append(["what": "spectrum", "side": side, "median_seconds": times[times.count / 2]])
    }

    private func measureSampling(into results: inout [[String: Any]]) throws {
        var buffer = [Float](repeating: 0, count: shape.count)
        for spec in dist {
            let law: any Distribution
            do { law = try parseLaw(spec) } catch { throw InputError("--dist \(spec): \(error)") }
            let samplers = threads.map { TensorSampler(generator: rng, threads: $0) }
            func draw(_ sampler: TensorSampler, seed: Int) -> Double {
                let start = DispatchTime.now().uptimeNanoseconds
                buffer.withUnsafeMutableBufferPointer { sampler.fill($0, shape: shape.dimensions, law: law, seeds: SeedTree(root: UInt64(seed))) }
                return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            }
            // One untimed draw per thread count first (worker threads started, pages mapped), then
            // the thread counts alternate, so that a slow spell of the machine hits each alike.
            for sampler in samplers { _ = draw(sampler, seed: `repeat`) }
            var times = Array(repeating: [Double](), count: threads.count)
            for r in 0..<`repeat` {
                for (i, sampler) in samplers.enumerated() { times[i].append(draw(sampler, seed: r)) }
            }
            for (t, var seconds) in zip(threads, times) {
                seconds.sort()
                let median = seconds[seconds.count / 2]
                results.append(["what": "sampling", "spec": spec, "threads": t, "generator": rng.rawValue, "values": shape.count,
                                "median_seconds": median, "values_per_second": Double(shape.count) / median])
            }
        }
    }
}
