import Foundation
import Testing
@testable import TensorIO

@Suite struct RoundTripTests {
    @Test(arguments: DType.allCases)
    func safetensorsRoundTripsInSwift(dtype: DType) throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let url = dir.file("t.safetensors")
        let shapes: [[Int]] = [[3, 5, 7], [], [0, 4], [1000]]
        let entries = shapes.enumerated().map { TensorInfo(name: "t\($0.offset)", dtype: dtype, shape: $0.element) }
        let writer = try SafetensorsWriter(url: url, entries: entries, metadata: ["seed": "7", "spec": "gaussian(sigma=1)"])
        for e in entries {
            let values = Pattern.exact(e.count).map(Float.init)
            try values.withUnsafeBufferPointer { try writer.write($0) }
        }
        try writer.finish()
        let file = try SafetensorsFile(url: url)
        #expect(file.metadata == ["seed": "7", "spec": "gaussian(sigma=1)"])
        #expect(file.tensors == entries)
        for e in entries {
            #expect(try file.values(e.name, as: Double.self) == Pattern.exact(e.count))
            #expect(try file.values(e.name, as: Float.self) == Pattern.exact(e.count).map(Float.init))
        }
        #expect(dir.contents == ["t.safetensors"])
    }

    @Test func valuesMayArriveInPiecesAcrossTensors() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let url = dir.file("p.safetensors")
        let entries = [TensorInfo(name: "a", dtype: .f32, shape: [10]), TensorInfo(name: "b", dtype: .f64, shape: [7])]
        let writer = try SafetensorsWriter(url: url, entries: entries, metadata: [:])
        let all = (0..<17).map { Double($0) * 0.37 - 5 }
        try all[0..<4].withUnsafeBufferPointer { try writer.write($0) }
        try all[4..<13].withUnsafeBufferPointer { try writer.write($0) }
        try all[13...].withUnsafeBufferPointer { try writer.write($0) }
        try writer.finish()
        let file = try SafetensorsFile(url: url)
        #expect(try file.values("a", as: Float.self) == all[0..<10].map(Float.init))
        #expect(try file.values("b", as: Double.self) == Array(all[10...]))
    }

    @Test(arguments: [DType.f16, .f32, .f64])
    func npyRoundTripsInSwift(dtype: DType) throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        for shape in [[3, 5, 7], [], [12], [0]] {
            let url = dir.file("x\(shape.count)-\(shape.reduce(1, *)).npy")
            let n = shape.reduce(1, *)
            try Pattern.exact(n).withUnsafeBufferPointer { try NpyFormat.write(url: url, shape: shape, dtype: dtype, values: $0) }
            let file = try NpyFile(url: url)
            #expect(file.info.shape == shape)
            #expect(file.info.dtype == dtype)
            #expect(file.version == 1)
            #expect(try file.values(as: Double.self) == Pattern.exact(n))
        }
    }

    @Test func writerLeavesNothingBehindOnFailure() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let url = dir.file("w.safetensors")
        do {
            let writer = try SafetensorsWriter(url: url, entries: [TensorInfo(name: "a", dtype: .f32, shape: [4])], metadata: [:])
            try [Float(1), 2].withUnsafeBufferPointer { try writer.write($0) }
            #expect(!FileManager.default.fileExists(atPath: url.path), "nothing appears before finish()")
            #expect(throws: TensorIOError.self) { try writer.finish() }  // only 2 of 4 values
        }
        #expect(dir.contents.isEmpty, "no temporary file may remain: \(dir.contents)")
        do {
            _ = try SafetensorsWriter(url: url, entries: [TensorInfo(name: "a", dtype: .f32, shape: [4])], metadata: [:])
            // dropped without finish()
        }
        #expect(dir.contents.isEmpty)
    }

    @Test func existingOutputIsNotClobbered() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let url = dir.file("keep.npy")
        try Data("precious".utf8).write(to: url)
        #expect(throws: TensorIOError.outputExists(file: url.path)) {
            try [Float(1)].withUnsafeBufferPointer { try NpyFormat.write(url: url, shape: [1], dtype: .f32, values: $0) }
        }
        #expect(try String(contentsOf: url, encoding: .utf8) == "precious")
        try [Float(1)].withUnsafeBufferPointer { try NpyFormat.write(url: url, shape: [1], dtype: .f32, values: $0, overwrite: true) }
        #expect(try NpyFile(url: url).values(as: Float.self) == [1])
    }

    @Test func unwritableDirectoryIsAClearError() throws {
        let url = URL(fileURLWithPath: "/nonexistent-weightlab-dir/x.safetensors")
        do {
            _ = try SafetensorsWriter(url: url, entries: [], metadata: [:])
            Issue.record("expected cannotWrite")
        } catch {
            guard case .cannotWrite = error else { Issue.record("got \(error)"); return }
            #expect(error.description.contains("/nonexistent-weightlab-dir/x.safetensors"))
        }
    }
}
