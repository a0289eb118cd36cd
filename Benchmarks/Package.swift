// swift-tools-version: 6.1
import PackageDescription

// WeightLab's benchmarks (ordo-one/benchmark), a package of their own so that its first build,
// which takes minutes, stays out of `make test`. Run from this folder:
//   swift package benchmark                       # all benchmarks
//   swift package benchmark --filter 'sample.*'   # a subset
// The side-by-side comparison with NumPy and SciPy is scripts/bench-peers.
let package = Package(
    name: "WeightLabBenchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "WeightLab", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "WeightLabBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "WeightLabKit", package: "WeightLab"),
            ],
            path: "Benchmarks/WeightLabBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        )
    ],
    swiftLanguageModes: [.v6]
)
