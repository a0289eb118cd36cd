import Foundation
import Testing
@testable import TensorIO

/// Files WeightLab writes load in Python's safetensors and NumPy with identical values, and files
/// they write load in WeightLab: scripts/interop/safetensors_roundtrip.py is the other side.
@Suite(.serialized) struct PythonInteropTests {
    let script = repositoryRoot.appendingPathComponent("scripts/interop/safetensors_roundtrip.py").path

    func requirePython() throws {
        let (status, output) = try run("python3", ["-c", "import numpy, safetensors"])
        try #require(status == 0, "python3 with numpy and safetensors is needed (run scripts/setup): \(output)")
    }

    @Test func pythonLoadsOurFiles() throws {
        try requirePython()
        let dir = try TempDir()
        defer { dir.cleanup() }
        let shapes: [(String, [Int])] = [("exact", [3, 5, 7]), ("fine", [64, 33]), ("scalar", []), ("empty", [0, 4])]
        for dtype in DType.allCases {
            let url = dir.file("swift_\(dtype.rawValue).safetensors")
            let entries = shapes.map { TensorInfo(name: $0.0, dtype: dtype, shape: $0.1) }
            let writer = try SafetensorsWriter(url: url, entries: entries, metadata: ["seed": "7"])
            for (name, shape) in shapes {
                let n = shape.reduce(1, *)
                let values = name == "fine" ? Pattern.fine(n) : (name == "scalar" ? [2.5] : Pattern.exact(n))
                if dtype == .f64 {
                    try values.withUnsafeBufferPointer { try writer.write($0) }
                } else {
                    try values.map(Float.init).withUnsafeBufferPointer { try writer.write($0) }
                }
            }
            try writer.finish()
        }
        for dtype in [DType.f16, .f32, .f64] {
            let url = dir.file("swift_\(dtype.npyDescr!.dropFirst()).npy")
            try Pattern.exact(105).withUnsafeBufferPointer { try NpyFormat.write(url: url, shape: [3, 5, 7], dtype: dtype, values: $0) }
        }
        let (status, output) = try run("python3", [script, "check", dir.url.path])
        #expect(status == 0, "\(output)")
    }

    @Test func weLoadPythonFiles() throws {
        try requirePython()
        let dir = try TempDir()
        defer { dir.cleanup() }
        let (status, output) = try run("python3", [script, "write", dir.url.path])
        try #require(status == 0, "\(output)")
        for dtype in [DType.f16, .f32, .f64] {
            let file = try SafetensorsFile(url: dir.file("py_\(dtype.rawValue).safetensors"))
            #expect(file.metadata["writer"] == "python")
            #expect(try file.doubles("exact") == Pattern.exact(105))
            #expect(file.info("exact")?.shape == [3, 5, 7])
            #expect(try file.doubles("scalar") == [2.5])
            #expect(file.info("empty")?.shape == [0, 4])
            let fine = try file.doubles("fine")
            switch dtype {
            case .f64: #expect(fine == Pattern.fine(64 * 33))
            case .f32: #expect(fine == Pattern.fine(64 * 33).map { Double(Float($0)) })
            default: #expect(zip(fine, Pattern.fine(64 * 33)).allSatisfy { abs($0 - $1) <= abs($1) * 0x1p-11 })
            }
        }
        let bf16 = try SafetensorsFile(url: dir.file("py_BF16.safetensors"))
        #expect(try bf16.doubles("exact") == Pattern.exact(105))
        for version in 1...3 {
            for descr in ["f2", "f4", "f8"] {
                let file = try NpyFile(url: dir.file("py_v\(version)_\(descr).npy"))
                #expect(file.version == version)
                #expect(file.info.shape == [3, 5, 7])
                #expect(try file.doubles() == Pattern.exact(105))
            }
        }
        // np.save writes {'descr': '<f4', 'fortran_order': True, …} from byte 10: the key starts at byte 27.
        #expect(throws: TensorIOError.fortranOrder(file: dir.file("py_fortran.npy").path, tensor: "py_fortran", offset: 27)) {
            try NpyFile(url: dir.file("py_fortran.npy"))
        }
    }
}
