import Analysis
import Benchmark
import Distributions
import Foundation
import GSLKit
import MonteCarlo
import Sampling
import ScenarioKit
import TensorIO

/// The repository root, for the shipped scenarios.
let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// 2^22 values per sampled tensor (16 MB as f32): large enough that block scheduling is
/// amortised, small enough for many iterations.
let sampledValues = 1 << 22

let laws: [(String, String)] = [
    ("gaussian", "gaussian(sigma=1)"),
    ("truncated", "truncated(sigma=1, c=2)"),
    ("mixture", "mixture(scale=lognormal(0, 0.5), by=row)"),
    ("wstar", "wstar(sigma=0.02, c=2.5, sparsity=0.5, outliers=0.001, outlier_scale=8)"),
]

/// A standard normal tensor in single precision, drawn once per benchmark.
func gaussianValues(_ count: Int, seed: UInt64 = 1) -> [Float] {
    TensorSampler(threads: 2).sample(Float.self, shape: [count], law: try! parseLaw("gaussian(sigma=0.02)"), seeds: SeedTree(root: seed))
}

func scratchFile(_ name: String) -> URL {
    FileManager.default.temporaryDirectory.appendingPathComponent("weightlab-bench-\(getpid())-\(name)")
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .peakMemoryResident, .mallocCountTotal],
        scalingFactor: .one, maxDuration: .seconds(5), maxIterations: 30
    )

    // Sampling: every law at 1 and 2 threads into f32, and the Gaussian into bf16 (the
    // conversion the sample command applies before writing).
    for (label, spec) in laws {
        let law = try! parseLaw(spec)
        for threads in [1, 2] {
            Benchmark("sample.\(label).f32.\(threads)t") { benchmark in
                var buffer = [Float](repeating: 0, count: sampledValues)
                let sampler = TensorSampler(threads: threads)
                for i in benchmark.scaledIterations {
                    buffer.withUnsafeMutableBufferPointer {
                        sampler.fill($0, shape: [sampledValues], law: law, seeds: SeedTree(root: UInt64(i)))
                    }
                    blackHole(buffer[sampledValues / 2])
                }
            }
        }
    }
    for threads in [1, 2] {
        Benchmark("sample.gaussian.bf16.\(threads)t") { benchmark in
            var buffer = [Float](repeating: 0, count: sampledValues)
            var bits = [UInt16](repeating: 0, count: sampledValues)
            let sampler = TensorSampler(threads: threads), law = try! parseLaw("gaussian(sigma=1)")
            for i in benchmark.scaledIterations {
                buffer.withUnsafeMutableBufferPointer { sampler.fill($0, shape: [sampledValues], law: law, seeds: SeedTree(root: UInt64(i))) }
                for j in 0..<sampledValues { bits[j] = HalfConversion.floatToBF16Bits(buffer[j]) }
                blackHole(bits[sampledValues / 2])
            }
        }
    }

    // Weight files: writing 64 MB of f32 through the atomic writer, and reading it back through
    // the memory-mapped reader with decoding.
    Benchmark("safetensors.write.64MB") { benchmark in
        let values = gaussianValues(1 << 24), url = scratchFile("write.safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            let writer = try SafetensorsWriter(url: url, entries: [TensorInfo(name: "w", dtype: .f32, shape: [4096, 4096])],
                                               metadata: [:], overwrite: true)
            try values.withUnsafeBufferPointer { try writer.write($0) }
            try writer.finish()
        }
        benchmark.stopMeasurement()
    }
    Benchmark("safetensors.read.64MB") { benchmark in
        let values = gaussianValues(1 << 24), url = scratchFile("read.safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        let writer = try SafetensorsWriter(url: url, entries: [TensorInfo(name: "w", dtype: .f32, shape: [4096, 4096])],
                                           metadata: [:], overwrite: true)
        try values.withUnsafeBufferPointer { try writer.write($0) }
        try writer.finish()
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            let file = try SafetensorsFile(url: url)
            blackHole(try file.values("w", as: Float.self).count)
        }
        benchmark.stopMeasurement()
    }

    // The analyzer: the full report of a 2^22-value tensor (1-D, so no spectrum) and the
    // moments-only scan of 2^24 values.
    Benchmark("analyze.full.4M", configuration: .init(maxDuration: .seconds(10), maxIterations: 10)) { benchmark in
        let values = gaussianValues(1 << 22)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            let report = try values.withUnsafeBufferPointer { try TensorAnalyzer.analyze(name: "w", shape: [1 << 22], dtype: .plain(.f32), values: $0) }
            blackHole(report.std)
        }
        benchmark.stopMeasurement()
    }
    Benchmark("analyze.moments.16M") { benchmark in
        let values = gaussianValues(1 << 24)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            let report = try values.withUnsafeBufferPointer {
                try TensorAnalyzer.analyze(name: "w", shape: [1 << 24], dtype: .plain(.f32), values: $0, options: .momentsOnly)
            }
            blackHole(report.std)
        }
        benchmark.stopMeasurement()
    }

    // The spectral check: eigenvalues of W·Wᵀ/n (dsyrk + dsyevd), OpenBLAS on all cores.
    for side in [1024, 4096] {
        Benchmark("spectrum.\(side)", configuration: .init(maxDuration: .seconds(side > 2048 ? 60 : 10), maxIterations: side > 2048 ? 3 : 20)) { benchmark in
            var w = [Double](repeating: 0, count: side * side)
            let normal = try Gaussian()
            w.withUnsafeMutableBufferPointer { normal.fill($0, using: RandomEngine(seed: 1)) }
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                blackHole(try w.withUnsafeBufferPointer { try LinearAlgebra.gramEigenvalues($0, rows: side, columns: side) }.last!)
            }
            benchmark.stopMeasurement()
        }
    }

    // One Monte Carlo scenario end to end (quick size, both cores): gaussian-null.
    Benchmark("montecarlo.gaussian-null.quick", configuration: .init(maxDuration: .seconds(60), maxIterations: 3)) { benchmark in
        let scenario = try ScenarioLoader.load(repositoryRoot.appendingPathComponent("Scenarios/gaussian-null.yaml"))
        let runner = ScenarioRunner(scenario: scenario, quick: true, threads: 2, version: "bench")
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try runner.run().results.count)
        }
        benchmark.stopMeasurement()
    }
}
