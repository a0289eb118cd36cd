import Distributions
import Foundation
import GSLKit
import Testing
@testable import Sampling

@Suite struct SamplingTests {
    /// Pearson correlation of two equal-length samples.
    func correlation(_ x: [Float], _ y: [Float]) -> Double {
        let n = Double(x.count)
        let mx = x.reduce(0.0) { $0 + Double($1) } / n, my = y.reduce(0.0) { $0 + Double($1) } / n
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for i in x.indices {
            let a = Double(x[i]) - mx, b = Double(y[i]) - my
            sxy += a * b; sxx += a * a; syy += b * b
        }
        return sxy / (sxx * syy).squareRoot()
    }

    static let specs = ["gaussian(sigma=0.02)", "truncated(sigma=1, c=2)", "wstar(sigma=0.02, c=2.5, sparsity=0.5, outliers=0.001, outlier_scale=8)",
                        "mixture(scale=lognormal(0, 0.5), by=row)", "mixture(scale=gamma(2, 0.5), by=block, block=16x8)",
                        "mixture(scale=uniform(0.5, 2), by=column)"]

    @Test(arguments: specs)
    func bytesDoNotDependOnThreads(spec: String) throws {
        let law = try parseLaw(spec)
        let seeds = SeedTree(root: 7).child("layers.0.weight")
        let shape = [300, 1000]  // 300 000 values: 5 blocks, the last one partial
        let one = TensorSampler(threads: 1).sample(Float.self, shape: shape, law: law, seeds: seeds)
        let two = TensorSampler(threads: 2).sample(Float.self, shape: shape, law: law, seeds: seeds)
        let three = TensorSampler(threads: 3).sample(Float.self, shape: shape, law: law, seeds: seeds)
        #expect(one.map(\.bitPattern) == two.map(\.bitPattern))
        #expect(one.map(\.bitPattern) == three.map(\.bitPattern))
        let again = TensorSampler(threads: 2).sample(Float.self, shape: shape, law: law, seeds: SeedTree(root: 7).child("layers.0.weight"))
        #expect(one.map(\.bitPattern) == again.map(\.bitPattern))
        let other = TensorSampler(threads: 2).sample(Float.self, shape: shape, law: law, seeds: SeedTree(root: 8).child("layers.0.weight"))
        #expect(one.map(\.bitPattern) != other.map(\.bitPattern))
    }

    /// Streaming in windows of blocks (what `weightlab sample` does to bound memory) gives exactly
    /// the values of sampling the tensor whole, in both precisions, for any window size.
    @Test(arguments: specs)
    func streamedWindowsEqualTheWholeTensor(spec: String) throws {
        let law = try parseLaw(spec)
        let seeds = SeedTree(root: 5).child("weight")
        let shape = [300, 1000]  // 5 blocks
        let sampler = TensorSampler(threads: 2)
        let whole = sampler.sample(Float.self, shape: shape, law: law, seeds: seeds)
        let wholeDoubles = sampler.sample(Double.self, shape: shape, law: law, seeds: seeds)
        for windowBlocks in [1, 2, 4, 8] {
            var streamed: [Float] = [], windows = 0
            sampler.stream(Float.self, shape: shape, law: law, seeds: seeds, windowBlocks: windowBlocks) { streamed += $0; windows += 1 }
            #expect(streamed.map(\.bitPattern) == whole.map(\.bitPattern), "\(spec), window of \(windowBlocks) blocks")
            #expect(windows == (5 + windowBlocks - 1) / windowBlocks)
            var doubles: [Double] = []
            sampler.stream(Double.self, shape: shape, law: law, seeds: seeds, windowBlocks: windowBlocks) { doubles += $0 }
            #expect(doubles.map(\.bitPattern) == wholeDoubles.map(\.bitPattern), "\(spec), f64, window of \(windowBlocks) blocks")
        }
    }

    /// Streams of neighbouring root seeds, neighbouring blocks and neighbouring names are
    /// uncorrelated: |r| ≤ 6/√n (false failure ≈ 2·10⁻⁹ per pair under independence).
    @Test(arguments: [(UInt64(0), UInt64(1)), (UInt64(41), UInt64(42)), (UInt64(1) << 32, (UInt64(1) << 32) + 1), (UInt64.max - 1, UInt64.max)])
    func neighbouringSeedsAreUncorrelated(a: UInt64, b: UInt64) throws {
        let law = try Gaussian(sigma: 1)
        let n = 1 << 20
        let sampler = TensorSampler(threads: 2)
        let x = sampler.sample(Float.self, shape: [n], law: law, seeds: SeedTree(root: a))
        let y = sampler.sample(Float.self, shape: [n], law: law, seeds: SeedTree(root: b))
        #expect(abs(correlation(x, y)) <= 6 / Double(n).squareRoot())
        // Lagged: element i of one stream against element i + 1 of the other.
        #expect(abs(correlation(Array(x.dropLast()), Array(y.dropFirst()))) <= 6 / Double(n - 1).squareRoot())
        let names = (sampler.sample(Float.self, shape: [n], law: law, seeds: SeedTree(root: a).child("layers.1.weight")),
                     sampler.sample(Float.self, shape: [n], law: law, seeds: SeedTree(root: a).child("layers.2.weight")))
        #expect(abs(correlation(names.0, names.1)) <= 6 / Double(n).squareRoot())
    }

    @Test func blocksOfOneTensorAreUncorrelated() throws {
        let law = try Gaussian(sigma: 1)
        let b = TensorSampler.defaultBlockSize
        let x = TensorSampler(threads: 2).sample(Float.self, shape: [4 * b], law: law, seeds: SeedTree(root: 3))
        for k in 0..<3 {
            let r = correlation(Array(x[(k * b)..<((k + 1) * b)]), Array(x[((k + 1) * b)..<((k + 2) * b)]))
            #expect(abs(r) <= 6 / Double(b).squareRoot())
        }
    }

    /// Roots 18360 and 42552 give tensor-block seeds that agree in their low 32 bits
    /// (…7EB67588); with 32-bit GSL seeding they wrote byte-identical tensors. Full-state seeding
    /// uses all 64 bits, so they differ.
    @Test func seedsAgreeingInTheirLow32BitsGiveDifferentTensors() throws {
        let a = SeedTree(root: 18360).child("weight").child("block").child(0).seed
        let b = SeedTree(root: 42552).child("weight").child("block").child(0).seed
        #expect(a != b && a & 0xFFFF_FFFF == b & 0xFFFF_FFFF)
        let law = try Gaussian(sigma: 1)
        for generator in [Generator.taus2, .mt19937, .gfsr4, .mrg] {
            let sampler = TensorSampler(generator: generator)
            let x = sampler.sample(Float.self, shape: [1000], law: law, seeds: SeedTree(root: 18360).child("weight"))
            let y = sampler.sample(Float.self, shape: [1000], law: law, seeds: SeedTree(root: 42552).child("weight"))
            #expect(x != y, "\(generator)")
        }
    }

    /// Golden values: the f32 bits `weightlab sample --seed 7 --shape 300x1000` writes at flat
    /// indices 0, 1, 2, 65536 (block 1) and 299999 (last, partial block). Any change to the seed
    /// tree, the seeding, the block size or a law's sampler changes them, and with them every file
    /// WeightLab has written: such a change must be deliberate (and noted in the release notes).
    static let golden: [(String, [UInt32])] = [
        ("gaussian(sigma=1)", [0xBDAC_FCB8, 0x3E5F_ABB0, 0x3F01_F591, 0x3FFE_C122, 0xBE37_860B]),
        ("truncated(sigma=1, c=2)", [0xBDAC_FCB8, 0x3E5F_ABB0, 0x3F01_F591, 0x3FFE_C122, 0x3E6C_0C2A]),
        ("mixture(scale=lognormal(0, 0.5), by=row)", [0xBD72_3554, 0x3E1C_9620, 0x3EB5_F671, 0x402F_F985, 0xBEA8_58D9]),
        ("wstar(sigma=0.02, c=2.5, sparsity=0.5, outliers=0.001, outlier_scale=8)", [0x0000_0000, 0xBC6D_1F5D, 0xBBC6_42C5, 0xBBD4_797F, 0x0000_0000]),
    ]

    @Test(arguments: golden.indices)
    func outputIsPinnedAcrossVersions(_ i: Int) throws {
        let (spec, bits) = Self.golden[i]
        let x = TensorSampler(threads: 2).sample(Float.self, shape: [300, 1000], law: try parseLaw(spec), seeds: SeedTree(root: 7).child("weight"))
        #expect([0, 1, 2, 65536, 299_999].map { x[$0].bitPattern } == bits, "\(spec)")
    }

    @Test func seedTreeIsStableAndMixes() {
        let t = SeedTree(root: 7)
        // Pinned, and computed independently in Python from the formulas in SeedTree's documentation.
        #expect(t.child("layers.0.weight").seed == 0xC13B_01F5_6061_ABFC)
        #expect(t.child("layers.0.weight").child("block").child(3).seed == 0x5979_7288_70F0_EDC6)
        #expect(t.child("layers.0.weight").seed == SeedTree(root: 7).child("layers.0.weight").seed)
        #expect(t.child(0).seed != t.child(1).seed)
        #expect(t.child("a").child("b").seed != t.child("b").child("a").seed)
        #expect(t.child("0").seed != t.child(0).seed || t.child("0").path == t.child(0).path)
        // Neighbouring roots differ in about half of the 64 seed bits.
        var bits = 0
        for r in UInt64(0)..<1000 { bits += (SeedTree(root: r).seed ^ SeedTree(root: r + 1).seed).nonzeroBitCount }
        #expect(abs(Double(bits) / 1000 - 32) < 1)
    }

    /// With σ shared by row, every row's values have one scale: the spread of row variances is far
    /// above what i.i.d. sampling gives, while per-element mixing keeps it at the i.i.d. level.
    @Test func rowGroupingSharesTheScale() throws {
        let rows = 200, cols = 2000
        let byRow = try parseLaw("mixture(scale=twopoint(0.5, 2, 0.5), by=row)")
        let byElement = try parseLaw("mixture(scale=twopoint(0.5, 2, 0.5), by=element)")
        func rowVariances(_ law: any Distribution) -> [Double] {
            let x = TensorSampler(threads: 2).sample(Float.self, shape: [rows, cols], law: law, seeds: SeedTree(root: 11))
            return (0..<rows).map { r in x[(r * cols)..<((r + 1) * cols)].reduce(0.0) { $0 + Double($1) * Double($1) } / Double(cols) }
        }
        let grouped = rowVariances(byRow)
        // Each row variance is 0.25 or 4 up to sampling error (relative SE √(2/2000) ≈ 3 %).
        #expect(grouped.allSatisfy { abs($0 - 0.25) < 0.25 * 0.2 || abs($0 - 4) < 4 * 0.2 })
        let mixed = rowVariances(byElement)
        // Per-element mixing: E[S²] = 2.125 in every row.
        #expect(mixed.allSatisfy { abs($0 - 2.125) < 2.125 * 0.25 })
    }
}
