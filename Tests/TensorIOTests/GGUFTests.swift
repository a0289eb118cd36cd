import Foundation
import Testing
@testable import TensorIO

/// GGUF files written by gguf-py (scripts/reference/make_gguf_fixtures.py): every value decodes
/// to the bit pattern `gguf.quants.dequantize` gives, shapes are row-major, metadata round-trips.
@Suite struct GGUFTests {
    static let fixtures = Bundle.module.resourceURL!.appendingPathComponent("Fixtures/gguf")

    static func listing() throws -> [String: Any] {
        let data = try Data(contentsOf: fixtures.appendingPathComponent("types.json"))
        return try #require(JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    static func reference<T>(_ folder: String, _ file: String, as: T.Type) throws -> [T] {
        let data = try Data(contentsOf: fixtures.appendingPathComponent(folder).appendingPathComponent(file))
        return data.withUnsafeBytes { raw in (0..<data.count / MemoryLayout<T>.size).map { raw.loadUnaligned(fromByteOffset: $0 * MemoryLayout<T>.size, as: T.self) } }
    }

    @Test func everyTypeDecodesToTheBitsOfGGUFPy() throws {
        let file = try GGUFFile(url: Self.fixtures.appendingPathComponent("types.gguf"))
        let tensors = try #require(Self.listing()["tensors"] as? [String: [String: Any]])
        #expect(file.version == 3)
        #expect(file.entries.count == tensors.count)
        for entry in file.entries {
            let expected = try #require(tensors[entry.name])
            #expect(entry.shape == expected["shape"] as? [Int], "\(entry.name)")
            #expect(entry.type.name == expected["type"] as? String, "\(entry.name)")
            #expect(entry.byteCount == expected["bytes"] as? Int, "\(entry.name)")
        }
        var checked = 0
        for info in file.tensors {
            let type = try #require(file.entry(info.name)).type
            #expect(info.storage == (type.isQuantized ? type.name : nil))
            if type.name == "F64" {
                let want = try Self.reference("types", info.name + ".f64", as: UInt64.self)
                #expect(try file.values(info.name, as: Double.self).map(\.bitPattern) == want, "\(info.name)")
            } else {
                let want = try Self.reference("types", info.name + ".f32", as: UInt32.self)
                #expect(try file.values(info.name, as: Float.self).map(\.bitPattern) == want, "\(info.name)")
                #expect(try file.values(info.name, as: Double.self) == file.values(info.name, as: Float.self).map(Double.init))
            }
            checked += 1
        }
        #expect(checked == 15)  // F32 ×2, F16, BF16, F64, five legacy quants, five K-quants
        #expect(file.unsupportedTensors.map(\.name) == ["iq4_nl.weight", "token_ids"])
        #expect(file.unsupportedTensors.map(\.dtype) == ["IQ4_NL", "I32"])
        #expect(throws: TensorIOError.self) { try file.values("iq4_nl.weight", as: Float.self) }
    }

    @Test func metadataOfEveryTypeAndNestedArrays() throws {
        let file = try GGUFFile(url: Self.fixtures.appendingPathComponent("types.gguf"))
        let metadata = try #require(Self.listing()["metadata"] as? [String: Any])
        for (key, value) in metadata {
            let ours = try #require(file.value(key), "\(key)")
            switch ours {
            case let .float32(v): #expect(Double(v) == (value as? Double), "\(key)")
            case let .float64(v): #expect(v == (value as? Double), "\(key)")
            case let .bool(v): #expect(v == (value as? Bool), "\(key)")
            case let .string(v): #expect(v == (value as? String), "\(key)")
            case .uint64: #expect(ours.summary() == "\(value)", "\(key)")  // beyond Int64
            default: #expect(ours.integer == (value as? NSNumber)?.int64Value, "\(key)")
            }
        }
        #expect(file.value("general.architecture")?.string == "llama")
        #expect(file.value("test.strings") == .array(elementType: 8, count: 3, elements: [.string("a"), .string("bc"), .string("")]))
        let i32 = { (v: Int32) in GGUFValue.int32(v) }
        #expect(file.value("test.nested") == .array(elementType: 9, count: 2, elements: [
            .array(elementType: 5, count: 2, elements: [i32(1), i32(2)]),
            .array(elementType: 5, count: 3, elements: [i32(3), i32(4), i32(5)]),
        ]))
        guard case let .array(9, 2, outer) = file.value("test.nested3"), case let .array(9, 2, inner) = outer[0] else {
            Issue.record("test.nested3 is not an array of arrays of arrays: \(String(describing: file.value("test.nested3")))")
            return
        }
        #expect(inner[1] == .array(elementType: 8, count: 2, elements: [.string("y"), .string("z")]))
    }

    @Test func customAlignment() throws {
        let file = try GGUFFile(url: Self.fixtures.appendingPathComponent("aligned64.gguf"))
        #expect(file.value("general.alignment") == .uint32(64))
        #expect(file.entries.map(\.shape) == [[3, 5], [7]])
        #expect(file.entries.allSatisfy { $0.dataOffset % 64 == 0 })
        #expect(try file.values("a.weight", as: Float.self).count == 15)
    }

    @Test(arguments: ["split-00001-of-00002.gguf", "split-00002-of-00002.gguf"])
    func splitFilesOpenTogether(name: String) throws {
        let file = try GGUFFile(url: Self.fixtures.appendingPathComponent(name))
        #expect(file.parts.map(\.lastPathComponent) == ["split-00001-of-00002.gguf", "split-00002-of-00002.gguf"])
        #expect(file.tensors.map(\.name) == ["blk.0.attn_q.weight", "blk.0.attn_k.weight", "blk.1.ffn_up.weight"])
        #expect(file.entries.map(\.part) == [0, 0, 1])
        for t in file.tensors {
            #expect(t.storage == "Q8_0")
            #expect(try file.values(t.name, as: Float.self).map(\.bitPattern) == Self.reference("split", t.name + ".f32", as: UInt32.self))
        }
        let checkpoint = try Checkpoint(url: Self.fixtures.appendingPathComponent(name))
        #expect(checkpoint.entries.count == 3)
    }

    /// A folder holding a split GGUF opens it once, through its first file, whatever else is there.
    @Test func aFolderOfSplitFilesOpensTheSplitOnce() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("weightlab-gguf-folder-\(getpid())")
        try? FileManager.default.removeItem(at: folder)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for name in ["split-00001-of-00002.gguf", "split-00002-of-00002.gguf"] {
            try FileManager.default.copyItem(at: Self.fixtures.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        }
        let checkpoint = try Checkpoint(url: folder)
        #expect(checkpoint.entries.map(\.info.name) == ["blk.0.attn_q.weight", "blk.0.attn_k.weight", "blk.1.ffn_up.weight"])
        #expect(Checkpoint.laterGGUFSplit("m-00002-of-00003.gguf") && !Checkpoint.laterGGUFSplit("m-00001-of-00003.gguf") && !Checkpoint.laterGGUFSplit("m.gguf"))
    }

    @Test func checkpointOpensGGUFByExtension() throws {
        let checkpoint = try Checkpoint(url: Self.fixtures.appendingPathComponent("types.gguf"))
        #expect(checkpoint.entries.count == 15)
        #expect(checkpoint.unsupported.map(\.dtype) == ["IQ4_NL", "I32"])
        #expect(checkpoint.entry("q4_k.weight")?.info.storage == "Q4_K")
        #expect(checkpoint.entry("f16.weight")?.info.dtype == .f16)
    }

    /// Parallel decoding (tensors ≥ 2^18 values) gives the same values as one thread: a Q4_K
    /// tensor of 2^19 values tiled from the fixture's blocks, against the fixture's reference.
    @Test func parallelDecodeEqualsTheSerialOne() throws {
        let file = try GGUFFile(url: Self.fixtures.appendingPathComponent("types.gguf"))
        let small = try #require(file.entry("q4_k.weight"))
        let raw = try Data(contentsOf: Self.fixtures.appendingPathComponent("types.gguf"))[small.dataOffset..<small.dataOffset + small.byteCount]
        let copies = (1 << 19) / small.count
        let big = Data(repeating: 0, count: 0) + (0..<copies).reduce(into: Data()) { d, _ in d.append(raw) }
        let type = try #require(GGUFTensorType(id: 12))
        let values = try #require(big.withUnsafeBytes { Dequantize.floats($0, type: type, count: copies * small.count) })
        let want = try Self.reference("types", "q4_k.weight.f32", as: UInt32.self)
        #expect(values.map(\.bitPattern) == Array((0..<copies).map { _ in want }.joined()))
    }
}
