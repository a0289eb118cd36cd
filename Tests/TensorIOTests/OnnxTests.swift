import Foundation
import Testing
@testable import TensorIO

/// ONNX models written by the onnx package (scripts/reference/make_onnx_fixtures.py): every
/// initializer and constant, inline, typed or external, decodes to the bits of
/// `onnx.numpy_helper.to_array`.
@Suite struct OnnxTests {
    static let fixtures = Bundle.module.resourceURL!.appendingPathComponent("Fixtures/onnx")

    static func reference<T>(_ folder: String, _ file: String, as: T.Type) throws -> [T] {
        let data = try Data(contentsOf: fixtures.appendingPathComponent(folder).appendingPathComponent(file))
        return data.withUnsafeBytes { raw in (0..<data.count / MemoryLayout<T>.size).map { raw.loadUnaligned(fromByteOffset: $0 * MemoryLayout<T>.size, as: T.self) } }
    }

    @Test(arguments: ["inline", "external"])
    func valuesEqualOnnxBitForBit(model: String) throws {
        let file = try OnnxFile(url: Self.fixtures.appendingPathComponent("\(model).onnx"))
        let data = try Data(contentsOf: Self.fixtures.appendingPathComponent("\(model).json"))
        let listing = try #require(JSONSerialization.jsonObject(with: data) as? [String: [String: Any]])
        let readable = listing.filter { ["FLOAT", "FLOAT16", "BFLOAT16", "DOUBLE"].contains($0.value["type"] as? String ?? "") }
        #expect(Set(file.tensors.map(\.name)) == Set(readable.keys))
        #expect(Set(file.unsupportedTensors.map(\.name)) == Set(listing.keys).subtracting(readable.keys))
        #expect(file.unsupportedTensors.map(\.dtype).sorted() == ["BOOL", "INT64"])
        for t in file.tensors {
            #expect(t.shape == listing[t.name]?["shape"] as? [Int], "\(t.name)")
            if t.dtype == .f64 {
                #expect(try file.values(t.name, as: Double.self).map(\.bitPattern) == Self.reference(model, t.name + ".f64", as: UInt64.self), "\(t.name)")
            } else {
                #expect(try file.values(t.name, as: Float.self).map(\.bitPattern) == Self.reference(model, t.name + ".f32", as: UInt32.self), "\(t.name)")
            }
        }
        // Subgraph constants and initializers are listed with the main graph's.
        #expect(file.tensors.contains { $0.name == "then.const.value" } && file.tensors.contains { $0.name == "const_out" })
        #expect(file.tensors.contains { $0.name.hasSuffix("then.bias") })
    }

    @Test func checkpointOpensOnnxByExtension() throws {
        let checkpoint = try Checkpoint(url: Self.fixtures.appendingPathComponent("external.onnx"))
        #expect(checkpoint.entry("model.layers.0.k_proj.weight")?.info.dtype == .f16)
        #expect(try checkpoint.values("model.layers.0.q_proj.weight", as: Float.self).count == 32)
    }

    @Test(arguments: ["escape-parent.onnx", "escape-absolute.onnx"])
    func externalDataMayNotLeaveTheFolder(name: String) throws {
        #expect {
            _ = try OnnxFile(url: Self.fixtures.appendingPathComponent(name))
        } throws: { error in
            guard let e = error as? TensorIOError, case let .malformedEntry(file, tensor, _, reason) = e else { return false }
            return file.hasSuffix(name) && tensor == "w" && reason.contains("leaves the model's folder")
        }
    }

    /// A length field that claims more bytes than its message holds is refused with its offset.
    @Test func lyingLengthIsATypedError() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        var bytes = try [UInt8](Data(contentsOf: Self.fixtures.appendingPathComponent("inline.onnx")))
        let graph = try #require(bytes.firstIndex(of: 0x3A))  // field 7, wire type 2: the graph
        bytes.replaceSubrange(graph + 1..<graph + 1, with: [0xFF, 0xFF, 0xFF, 0xFF, 0x0F])
        try Data(bytes).write(to: dir.file("bad.onnx"))
        #expect {
            _ = try OnnxFile(url: dir.file("bad.onnx"))
        } throws: { error in
            (error as? TensorIOError)?.description.contains("at byte \(graph + 1)") == true
        }
    }
}
