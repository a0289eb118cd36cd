import Distributions
import Foundation
import Sampling
import Simulation
import TensorIO
import Testing

/// The model presets against transformers' own models (fixture written by
/// scripts/interop/model_presets.py), config.json round trips, schedules from the command line,
/// and a whole small checkpoint written and read back.
@Suite struct ModelArchitectureTests {
    struct Expected: Decodable {
        var layers: Int
        var tensorCount: Int
        var tensors: [[AnyCodable]]
        enum CodingKeys: String, CodingKey { case layers, tensors, tensorCount = "tensor_count" }
    }

    /// A name or a shape in the fixture's `[name, shape]` pairs.
    enum AnyCodable: Decodable {
        case name(String)
        case shape([Int])
        init(from decoder: Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let s = try? c.decode(String.self) { self = .name(s) } else { self = .shape(try c.decode([Int].self)) }
        }
    }

    static let fixture: [String: Expected] = {
        let url = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent("model-presets.json")
        return try! JSONDecoder().decode([String: Expected].self, from: Data(contentsOf: url))
    }()

    @Test(arguments: ModelPreset.allCases)
    func presetMatchesTransformers(_ preset: ModelPreset) throws {
        let expected = try #require(Self.fixture[preset.rawValue])
        let tensors = ModelArchitecture.preset(preset).tensors()
        #expect(tensors.count == expected.tensorCount)
        #expect(Set(tensors.compactMap(\.depth)).count == expected.layers)
        var want: [String: [Int]] = [:]
        for pair in expected.tensors {
            guard case let .name(n) = pair[0], case let .shape(s) = pair[1] else { Issue.record("bad fixture row"); continue }
            want[n] = s
        }
        let kept = tensors.filter { $0.depth == nil || $0.depth == 0 }
        #expect(Dictionary(uniqueKeysWithValues: kept.map { ($0.name, $0.shape) }) == want)
    }

    /// The matrices the drift experiments use are those of the checkpoint, at any width.
    @Test func llama7bLayersAgreeWithTheCheckpoint() {
        let matrices = ModelPreset.llama7B.layers(width: 0.25)
        let checkpoint = ModelArchitecture.preset(.llama7B, width: 0.25).tensors().filter { $0.depth != nil && $0.shape.count == 2 }
        #expect(matrices.map(\.name) == checkpoint.map(\.name))
        #expect(matrices.map(\.shape) == checkpoint.map(\.shape))
        #expect(ModelPreset.llama70B.layers(width: 0.125, layers: 2).map(\.module) == ["q", "k", "v", "o", "gate", "up", "down", "q", "k", "v", "o", "gate", "up", "down"])
    }

    @Test(arguments: ModelPreset.allCases)
    func configRoundTrips(_ preset: ModelPreset) throws {
        let a = ModelArchitecture.preset(preset, width: 0.125)
        let b = try ModelArchitecture(config: a.configJSON(dtype: "bfloat16"))
        #expect(a == b)
    }

    @Test func schedulesParse() throws {
        #expect(try DepthSchedule(parsing: "0.02") == .constant(0.02))
        #expect(try DepthSchedule(parsing: "linear(0.02, 0.01)") == .linear(from: 0.02, to: 0.01))
        #expect(try DepthSchedule(parsing: "power(1,2,3)") == .power(from: 1, to: 2, exponent: 3))
        #expect(try DepthSchedule(parsing: "piecewise(0:1, 1:2)") == .piecewise(knots: [0, 1], values: [1, 2]))
        #expect(throws: SimulationError.self) { try DepthSchedule(parsing: "linear(1)") }
        #expect(throws: SimulationError.self) { try DepthSchedule(parsing: "wobbly(1, 2)") }
    }

    /// A tiny LLaMA in shards of at most 40 kB: every tensor present once with its shape, norm
    /// scales all ones, σ per layer following the schedule. The sample std of n Gaussian values
    /// has relative standard error 1/√(2n); n ≥ 1024 here, so 6 SE ≈ 0.13 relative
    /// (false-failure probability < 1e-8 per matrix).
    @Test func smallCheckpointReadsBack() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("weightlab-arch-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let arch = ModelArchitecture.preset(.llama7B, width: 1.0 / 64)
        let writer = ModelCheckpointWriter(architecture: arch, law: try parseLaw("gaussian(sigma=1)"), schedule: .linear(from: 0.02, to: 0.08),
                                           normLaw: nil, biasLaw: nil, dtype: .f32, maxShardBytes: 40_000, sampler: TensorSampler(threads: 2),
                                           seeds: SeedTree(root: 3), metadata: [:])
        try writer.write(to: dir, overwrite: false)
        #expect(writer.shards().count > 2)
        let checkpoint = try Checkpoint(url: dir)
        #expect(checkpoint.entries.map(\.info.name).sorted() == arch.tensors().map(\.name).sorted())
        for t in arch.tensors() {
            let e = try #require(checkpoint.entry(t.name))
            #expect(e.info.shape == t.shape)
            let v = try checkpoint.values(t.name, as: Float.self).map(Double.init)
            switch t.role {
            case .norm: #expect(v.allSatisfy { $0 == 1 })
            case .bias: #expect(v.allSatisfy { $0 == 0 })
            case .weight:
                guard let l = t.depth else { continue }
                let n = Double(v.count), mean = v.reduce(0, +) / n
                let sd = (v.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n).squareRoot()
                let sigma = 0.02 + 0.06 * Double(l) / Double(arch.layers - 1)
                #expect(abs(sd / sigma - 1) < 6 / (2 * n).squareRoot(), "\(t.name): sd \(sd), σ \(sigma)")
            }
        }
        let config = try ModelArchitecture(config: Data(contentsOf: dir.appendingPathComponent("config.json")))
        #expect(config == arch)
    }
}
