import Analysis
import Foundation
import Testing
@testable import TensorIO

/// `torch.save` checkpoints written by real torch (scripts/reference/make_format_fixtures.py):
/// every float tensor equals, to the bit, the contiguous copy torch wrote to reference.safetensors.
@Suite struct PyTorchFileTests {
    static let fixtures = Bundle.module.resourceURL!.appendingPathComponent("Fixtures/pytorch")
    static let floatNames: Set<String> = ["f32", "f16", "bf16", "f64", "transposed", "view", "scalar", "param", "embed.weight", "q", "k"]

    static func bits(_ file: any WeightFile, _ name: String) throws -> [UInt64] {
        try file.values(name, as: Double.self).map(\.bitPattern)
    }

    @Test(arguments: ["zip.pt", "archive.pt", "legacy.pt", "wrapped.pt"])
    func valuesEqualTorchsToTheBit(file name: String) throws {
        let file = try PyTorchFile(url: Self.fixtures.appendingPathComponent(name))
        let reference = try SafetensorsFile(url: Self.fixtures.appendingPathComponent("reference.safetensors"))
        #expect(file.isLegacy == (name == "legacy.pt"))
        #expect(Set(file.tensors.map(\.name)) == Self.floatNames)
        for info in file.tensors {
            let ref = try #require(reference.info(info.name))
            #expect(info.shape == ref.shape, "\(name): \(info.name)")
            #expect(info.dtype == ref.dtype, "\(name): \(info.name)")
            #expect(try Self.bits(file, info.name) == Self.bits(reference, info.name), "\(name): \(info.name)")
            #expect(try file.values(info.name, as: Float.self).map(\.bitPattern) == reference.values(info.name, as: Float.self).map(\.bitPattern), "\(name): \(info.name)")
        }
        let unsupported = Dictionary(uniqueKeysWithValues: file.unsupportedTensors.map { ($0.name, $0.dtype) })
        #expect(unsupported == ["i64": "int64", "u16": "uint16"])
        #expect(file.aliases.map(\.name) == ["lm_head.weight", "f32_t"] && file.aliases.map(\.of) == ["embed.weight", "f32"])
        #expect(file.skipped.isEmpty)
    }

    /// The non-contiguous tensors really are strided in the file (so the gather path is tested).
    @Test func stridedRecordsAreGathered() throws {
        let map = try MappedFile(path: Self.fixtures.appendingPathComponent("zip.pt").path)
        let (root, nodes, _, _) = try PyTorchFile.readZip(map, file: "zip.pt")
        let state = try PyTorchStateDict(root: root, nodes: nodes, file: "zip.pt")
        let byName = Dictionary(uniqueKeysWithValues: state.records.map { ($0.name, $0) })
        #expect(byName["transposed"]?.stride == [1, 5] && byName["transposed"]?.isContiguous == false)
        #expect(byName["view"]?.offset == 8 && byName["view"]?.stride == [6, 1] && byName["view"]?.isContiguous == false)
        #expect(byName["f32"]?.isContiguous == true)
    }

    /// Checkpoint surfaces the aliases and opens a sharded folder through its index.
    @Test func checkpointOpensFilesAndShardedFolders() throws {
        let single = try Checkpoint(url: Self.fixtures.appendingPathComponent("zip.pt"))
        #expect(single.aliases.map(\.name) == ["lm_head.weight", "f32_t"])
        let folder = try Checkpoint(url: Self.fixtures.appendingPathComponent("sharded"))
        let reference = try SafetensorsFile(url: Self.fixtures.appendingPathComponent("model.safetensors"))
        #expect(folder.entries.map(\.info.name) == ["layers.0.weight", "layers.0.bias", "layers.1.weight", "layers.1.bias"])
        #expect(folder.files.count == 2)
        for e in folder.entries {
            #expect(try folder.values(e.info.name, as: Float.self).map(\.bitPattern) == reference.values(e.info.name, as: Float.self).map(\.bitPattern))
        }
    }

    /// A folder of .bin files skips what a trainer leaves beside the weights (its pickles are not
    /// state_dicts and would be refused).
    @Test func trainerStateIsNotAWeightFile() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        try FileManager.default.copyItem(at: Self.fixtures.appendingPathComponent("model.bin"), to: dir.file("pytorch_model.bin"))
        try Data([0x80, 0x02, 0x4E, 0x2E]).write(to: dir.file("training_args.bin"))
        try Data([0x80, 0x02, 0x4E, 0x2E]).write(to: dir.file("rng_state_0.pth"))
        let checkpoint = try Checkpoint(url: dir.url)
        #expect(checkpoint.files.keys.map(\.lastPathComponent) == ["pytorch_model.bin"] && checkpoint.entries.count == 4)
    }

    /// The same model as .bin and as .safetensors gives the same analysis report.
    @Test func binAndSafetensorsGiveTheSameReport() throws {
        let bin = try Checkpoint(url: Self.fixtures.appendingPathComponent("model.bin"))
        let st = try Checkpoint(url: Self.fixtures.appendingPathComponent("model.safetensors"))
        #expect(Set(bin.entries.map(\.info)) == Set(st.entries.map(\.info)))
        for e in st.entries {
            let a = try bin.values(e.info.name, as: Float.self), b = try st.values(e.info.name, as: Float.self)
            let ra = try a.withUnsafeBufferPointer { try TensorAnalyzer.analyze(name: e.info.name, shape: e.info.shape, dtype: .plain(.f32), values: $0) }
            let rb = try b.withUnsafeBufferPointer { try TensorAnalyzer.analyze(name: e.info.name, shape: e.info.shape, dtype: .plain(.f32), values: $0) }
            // Compared as JSON text, so NaN fields (a test that does not apply) compare equal too.
            let encoder = JSONEncoder()
            encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
            encoder.outputFormatting = .sortedKeys
            #expect(try encoder.encode(ra) == encoder.encode(rb), "\(e.info.name)")
            #expect(ra.count == e.info.count)
        }
    }
}
