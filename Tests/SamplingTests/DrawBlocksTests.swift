import Distributions
import Foundation
import Testing
import TensorIO
@testable import Sampling

/// Drawing block by block on the workers (what `weightlab sample` writes in place) gives the values
/// of sampling the tensor whole, and files written in place are byte-identical for any thread count
/// and to the streamed file. Deterministic: no false failures.
@Suite struct DrawBlocksTests {
    /// Gathers the blocks (arriving in any order, several at once) into one array.
    final class Gathered<T>: @unchecked Sendable {
        let lock = NSLock()
        var values: [T]
        var calls = 0
        init(_ n: Int, zero: T) { values = [T](repeating: zero, count: n) }
        func put(_ block: UnsafeBufferPointer<T>, at start: Int) {
            lock.withLock {
                for (i, v) in block.enumerated() { values[start + i] = v }
                calls += 1
            }
        }
    }

    @Test(arguments: SamplingTests.specs, [1, 2, 3])
    func blocksEqualTheWholeTensor(spec: String, threads: Int) throws {
        let law = try parseLaw(spec)
        let seeds = SeedTree(root: 11).child("layers.3.weight")
        let shape = [300, 1000]  // 5 blocks, the last one partial
        let sampler = TensorSampler(threads: threads)
        let whole = TensorSampler(threads: 1).sample(Float.self, shape: shape, law: law, seeds: seeds)
        let got = Gathered<Float>(whole.count, zero: .nan)
        sampler.drawBlocks(Float.self, shape: shape, law: law, seeds: seeds) { (block, start) throws(Never) in got.put(block, at: start) }
        #expect(got.values.map(\.bitPattern) == whole.map(\.bitPattern))
        #expect(got.calls == 5)
        let doubles = TensorSampler(threads: 1).sample(Double.self, shape: shape, law: law, seeds: seeds)
        let gotD = Gathered<Double>(doubles.count, zero: .nan)
        sampler.drawBlocks(Double.self, shape: shape, law: law, seeds: seeds) { (block, start) throws(Never) in gotD.put(block, at: start) }
        #expect(gotD.values.map(\.bitPattern) == doubles.map(\.bitPattern))
    }

    /// A safetensors file of three tensors written in place with 1 and 2 threads equals the one
    /// written by streaming windows through ``SafetensorsWriter/write(_:)``, in every dtype.
    @Test(arguments: [DType.f32, .bf16, .f16, .f64])
    func placedFileEqualsTheStreamedFile(dtype: DType) throws {
        let law = try parseLaw("wstar(sigma=0.02, c=2.5, sparsity=0.5, outliers=0.001, outlier_scale=8)")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("drawblocks-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let entries = [TensorInfo(name: "a", dtype: dtype, shape: [300, 1000]), TensorInfo(name: "b", dtype: dtype, shape: [0]),
                       TensorInfo(name: "c", dtype: dtype, shape: [7, 13])]
        let root = SeedTree(root: 2)
        func file(_ name: String, threads: Int?) throws -> Data {
            let url = dir.appendingPathComponent(name)
            let writer = try SafetensorsWriter(url: url, entries: entries, metadata: ["k": "v"])
            if let threads {
                writer.durable = false
                let placement = try writer.placement()
                for (i, e) in entries.enumerated() {
                    let sampler = TensorSampler(threads: threads)
                    if dtype == .f64 {
                        try sampler.drawBlocks(Double.self, shape: e.shape, law: law, seeds: root.child(e.name)) { (b, s) throws(TensorIOError) in
                            try placement.write(b, tensor: i, at: s)
                        }
                    } else {
                        try sampler.drawBlocks(Float.self, shape: e.shape, law: law, seeds: root.child(e.name)) { (b, s) throws(TensorIOError) in
                            try placement.write(b, tensor: i, at: s)
                        }
                    }
                }
            } else {
                for e in entries {
                    if dtype == .f64 {
                        try TensorSampler(threads: 2).stream(Double.self, shape: e.shape, law: law, seeds: root.child(e.name)) { try writer.write($0) }
                    } else {
                        try TensorSampler(threads: 2).stream(Float.self, shape: e.shape, law: law, seeds: root.child(e.name)) { try writer.write($0) }
                    }
                }
            }
            try writer.finish()
            return try Data(contentsOf: url)
        }
        let streamed = try file("streamed.safetensors", threads: nil)
        #expect(try file("one.safetensors", threads: 1) == streamed)
        #expect(try file("two.safetensors", threads: 2) == streamed)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["one.safetensors", "streamed.safetensors", "two.safetensors"])
    }
}
