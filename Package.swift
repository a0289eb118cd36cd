// swift-tools-version: 6.1
import Foundation
import PackageDescription

/// Analysis (the statistics' per-value loops) is compiled for the building machine's vector unit
/// when it has AVX2 and FMA (the x86-64-v3 set, LLVM's `haswell`), as numerical tools built from
/// source commonly are: about 3 % less CPU on a model with the same report. A binary meant for an
/// older x86-64 machine is built with WEIGHTLAB_PORTABLE=1 (in a scratch path of its own, e.g.
/// `WEIGHTLAB_PORTABLE=1 swift build -c release --scratch-path .build-portable`).
let hostVectorFlags: [SwiftSetting] = {
    #if os(Linux) && arch(x86_64)
    guard ProcessInfo.processInfo.environment["WEIGHTLAB_PORTABLE"] == nil,
          let cpu = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
          let line = cpu.split(separator: "\n").first(where: { $0.hasPrefix("flags") }) else { return [] }
    let flags = Set(line.split(separator: " ").map(String.init))
    guard ["avx2", "fma", "bmi2", "f16c", "movbe", "abm", "popcnt"].allSatisfy(flags.contains) else { return [] }
    return [.unsafeFlags(["-target-cpu", "haswell"])]
    #else
    return []
    #endif
}()

// Imports flow one way: CGSL ← GSLKit ← Distributions ← Sampling ← Simulation ← ScenarioKit ← weightlab.
// TensorIO (home of the WeightScalar element types) sits below Sampling and Analysis; only GSLKit
// imports CGSL. Each target declares exactly the modules its files import 
// (scripts/check-imports, run by `make test`, says where they differ).
let package = Package(
    name: "WeightLab",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "weightlab", targets: ["weightlab"]),
        .library(name: "WeightLabKit", targets: ["GSLKit", "Distributions", "Sampling", "TensorIO", "Analysis", "Simulation", "MonteCarlo", "ScenarioKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CGSL",
            pkgConfig: "gsl",
            providers: [.apt(["libgsl-dev", "libopenblas-dev", "liblapacke-dev"])]
        ),
        .target(name: "GSLKit", dependencies: ["CGSL"]),
        .target(name: "TensorIO"),
        .target(name: "Distributions", dependencies: ["GSLKit"]),
        .target(name: "Sampling", dependencies: ["GSLKit", "Distributions", "TensorIO"]),
        .target(name: "Analysis", dependencies: ["GSLKit", "Distributions", "TensorIO"], swiftSettings: hostVectorFlags),
        .target(name: "Simulation", dependencies: ["GSLKit", "Distributions", "Sampling", "TensorIO"]),
        .target(name: "MonteCarlo", dependencies: ["Sampling", "TensorIO"]),
        .target(
            name: "ScenarioKit",
            dependencies: ["GSLKit", "Distributions", "Sampling", "TensorIO", "Analysis", "Simulation", "MonteCarlo", .product(name: "Yams", package: "Yams")]
        ),
        // The gnuplot templates live in Plots/templates; the plugin embeds them at build time.
        .target(name: "Reporting", dependencies: ["GSLKit", "Distributions", "TensorIO", "Analysis", "MonteCarlo", "ScenarioKit"], plugins: ["EmbedPlotTemplates"]),
        .executableTarget(name: "embed-plot-templates"),
        .plugin(name: "EmbedPlotTemplates", capability: .buildTool(), dependencies: ["embed-plot-templates"]),
        .executableTarget(
            name: "weightlab",
            dependencies: [
                "GSLKit", "Distributions", "Sampling", "TensorIO", "Analysis", "Simulation", "MonteCarlo", "ScenarioKit", "Reporting",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The fuzz harness: libFuzzer entry with -DFUZZING (scripts/fuzz), a replayer otherwise.
        .executableTarget(name: "weightlab-fuzz", dependencies: ["Distributions", "GSLKit", "ScenarioKit", "TensorIO"]),
        .testTarget(name: "GSLKitTests", dependencies: ["GSLKit"]),
        .testTarget(name: "DistributionsTests", dependencies: ["Distributions", "GSLKit"]),
        .testTarget(name: "SamplingTests", dependencies: ["Sampling", "Distributions", "GSLKit", "TensorIO"]),
        .testTarget(name: "TensorIOTests", dependencies: ["TensorIO", "Analysis"], resources: [.copy("Fixtures")]),
        .testTarget(name: "AnalysisTests", dependencies: ["Analysis", "GSLKit", "TensorIO", "Distributions"], resources: [.copy("Fixtures")]),
        .testTarget(name: "SimulationTests", dependencies: ["Simulation", "Distributions", "Sampling", "GSLKit", "TensorIO"], resources: [.copy("Fixtures")]),
        .testTarget(name: "MonteCarloTests", dependencies: ["MonteCarlo", "Sampling"]),
        .testTarget(name: "ScenarioKitTests", dependencies: ["ScenarioKit", "Analysis", "Distributions", "TensorIO", "GSLKit", "MonteCarlo", "Simulation"]),
        .testTarget(name: "ReportingTests", dependencies: ["Reporting"]),
        .testTarget(name: "weightlabTests", dependencies: ["weightlab"]),
        .testTarget(name: "FuzzRegressionTests", dependencies: ["weightlab-fuzz"], resources: [.copy("Corpus")]),
    ],
    swiftLanguageModes: [.v6]
)
