import Foundation
import Testing
@testable import ScenarioKit
import TensorIO

/// Drift from pre-trained weights read from a file: the file's matrices are used as they are, ΔW
/// is drawn on top, and a file that does not fit the model is rejected at load time, naming the
/// file, the tensor and both shapes.
@Suite struct PretrainedFileTests {
    static func scenario(layers: Int, shape: String) -> String {
        """
        name: from-file
        seed: 5
        replicates: 2
        experiment:
          drift:
            layers: \(layers)
            shape: \(shape)
            pretrained_file: pre.safetensors
            sigma_delta: 0.01
        claims:
          - name: delta std
            metric: std
            tensor: 'delta$'
            expect: {equals: 0.01, within_se: 5}
        """
    }

    /// A folder holding pre.safetensors with layers.{0,1,2}.weight of shape 8×16, value l + i/1000.
    static func folder() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wl-pre-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let entries = (0..<3).map { TensorInfo(name: "layers.\($0).weight", dtype: .f32, shape: [8, 16]) }
        let writer = try SafetensorsWriter(url: dir.appendingPathComponent("pre.safetensors"), entries: entries, metadata: [:])
        for l in 0..<3 {
            let values = (0..<128).map { Float(l) + Float($0) / 1000 }
            try values.withUnsafeBufferPointer { try writer.write($0) }
        }
        try writer.finish()
        return dir
    }

    @Test func fileWeightsAreUsedAsTheyAre() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let s = try ScenarioLoader.parse(Self.scenario(layers: 3, shape: "8x16"), file: dir.appendingPathComponent("s.yaml").path)
        let tensors = try ScenarioRunner(scenario: s, threads: 1, version: "test").tensors(caseIndex: 0, replicate: 0)
        for l in 0..<3 {
            let pre = try #require(tensors.first { $0.name == "layers.\(l).pretrained" })
            let delta = try #require(tensors.first { $0.name == "layers.\(l).delta" })
            let ft = try #require(tensors.first { $0.name == "layers.\(l).finetuned" })
            #expect(pre.values == (0..<128).map { Float(l) + Float($0) / 1000 })
            #expect(zip(ft.values, zip(pre.values, delta.values)).allSatisfy { $0 == $1.0 + $1.1 })
            #expect(delta.values.contains { $0 != 0 })
        }
    }

    @Test(arguments: [(3, "16x16", "tensor 'layers.0.weight': bad shape: shape 8x16 in the file, 16x16 in the model"),
                      (4, "8x16", "no tensor named 'layers.3'")])
    func fileThatDoesNotFitTheModelIsRejected(layers: Int, shape: String, expected: String) throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        do {
            _ = try ScenarioLoader.parse(Self.scenario(layers: layers, shape: shape), file: dir.appendingPathComponent("s.yaml").path)
            Issue.record("loaded, but should have failed with \(expected)")
        } catch {
            #expect(error.description.contains(expected), "\(error.description)")
            #expect(error.description.contains("pre.safetensors"), "\(error.description)")
            #expect(error.line == 8, "\(error.description)")
        }
    }

    @Test func lawAndFileExcludeEachOther() throws {
        let text = Self.scenario(layers: 3, shape: "8x16").replacingOccurrences(of: "    sigma_delta: 0.01", with: "    sigma_delta: 0.01\n    sigma0: 0.02")
        #expect(throws: ScenarioError.self) { try ScenarioLoader.parse(text, file: "s.yaml") }
    }
}
