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
        try writeBitsAndSpecials(dir)
        let (status, output) = try run("python3", [script, "check", dir.url.path])
        #expect(status == 0, "\(output)")
    }

    /// Values that stress the codecs: NaNs (quiet, signalling, with payloads, negative), ±∞, ±0,
    /// f32 subnormals, f16 subnormals and overflow (65520 → ∞), round-to-even ties in f16.
    static let specialFloats: [Float] = [
        0, -0.0, .infinity, -.infinity, .nan, Float(bitPattern: 0x7FC0_1234), Float(bitPattern: 0x7F80_0001), Float(bitPattern: 0xFFC0_0000),
        .leastNonzeroMagnitude, -.leastNonzeroMagnitude, .leastNormalMagnitude, Float(bitPattern: 0x807F_FFFF), .greatestFiniteMagnitude,
        65504, 65520, 70000, 0x1p-24, 0x1p-25, 3 * 0x1p-26, 0x1p-14, 0x1.ff8p-15, 1 + 0x1p-11, 1 + 3 * 0x1p-11, -2.5, 1e-7, -1e-6,
    ]

    /// 4096 pseudo-random bit patterns (SplitMix64) followed by the special values.
    static func randomBits() -> (f32: [UInt32], f64: [UInt64]) {
        var state: UInt64 = 2026
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        let specials32 = specialFloats.map(\.bitPattern)
        let specials64 = specialFloats.map { Double($0).bitPattern } + [1, 0x8000_0000_0000_0001, 0x7FF8_0000_0000_1234, 0xFFF0_0000_0000_0001, 0x7FEF_FFFF_FFFF_FFFF]
        return ((0..<4096).map { _ in UInt32(truncatingIfNeeded: next()) } + specials32, (0..<4096).map { _ in next() } + specials64)
    }

    /// Random-bit f32/f64 tensors (safetensors and .npy) with raw sidecars of their bits, and the
    /// special values as f16 and bf16, for the Python side to compare bit for bit.
    func writeBitsAndSpecials(_ dir: TempDir) throws {
        let (b32, b64) = Self.randomBits()
        let f32 = b32.map(Float.init(bitPattern:)), f64 = b64.map(Double.init(bitPattern:))
        let bits = try SafetensorsWriter(url: dir.file("swift_bits.safetensors"), entries: [
            TensorInfo(name: "f32", dtype: .f32, shape: [f32.count]), TensorInfo(name: "f64", dtype: .f64, shape: [f64.count]),
        ], metadata: [:])
        try f32.withUnsafeBufferPointer { try bits.write($0) }
        try f64.withUnsafeBufferPointer { try bits.write($0) }
        try bits.finish()
        try f32.withUnsafeBufferPointer { try NpyFormat.write(url: dir.file("swift_bits_f4.npy"), shape: [f32.count], dtype: .f32, values: $0) }
        try f64.withUnsafeBufferPointer { try NpyFormat.write(url: dir.file("swift_bits_f8.npy"), shape: [f64.count], dtype: .f64, values: $0) }
        try b32.withUnsafeBytes { try Data($0).write(to: dir.file("swift_bits_f32.bin")) }
        try b64.withUnsafeBytes { try Data($0).write(to: dir.file("swift_bits_f64.bin")) }
        let special = Self.specialFloats
        try special.map(\.bitPattern).withUnsafeBytes { try Data($0).write(to: dir.file("swift_special_f32.bin")) }
        for dtype in [DType.f16, .bf16] {
            let w = try SafetensorsWriter(url: dir.file("swift_special_\(dtype.rawValue).safetensors"),
                                          entries: [TensorInfo(name: "special", dtype: dtype, shape: [special.count])], metadata: [:])
            try special.withUnsafeBufferPointer { try w.write($0) }
            try w.finish()
        }
        try special.withUnsafeBufferPointer { try NpyFormat.write(url: dir.file("swift_special_f2.npy"), shape: [special.count], dtype: .f16, values: $0) }
    }

    /// Python's random bit patterns and special values load bit for bit (NaN payloads included).
    @Test func weLoadPythonBitPatterns() throws {
        try requirePython()
        let dir = try TempDir()
        defer { dir.cleanup() }
        let (status, output) = try run("python3", [script, "write", dir.url.path])
        try #require(status == 0, "\(output)")
        let want32 = try Data(contentsOf: dir.file("py_bits_f32.bin")).withUnsafeBytes { Array($0.bindMemory(to: UInt32.self)) }
        let want64 = try Data(contentsOf: dir.file("py_bits_f64.bin")).withUnsafeBytes { Array($0.bindMemory(to: UInt64.self)) }
        #expect(want32.count > 4096 && want64.count > 4096)
        let st = try SafetensorsFile(url: dir.file("py_bits.safetensors"))
        #expect(try st.values("f32", as: Float.self).map(\.bitPattern) == want32)
        #expect(try st.values("f64", as: Double.self).map(\.bitPattern) == want64)
        #expect(try NpyFile(url: dir.file("py_bits_f4.npy")).values(as: Float.self).map(\.bitPattern) == want32)
        #expect(try NpyFile(url: dir.file("py_bits_f8.npy")).values(as: Double.self).map(\.bitPattern) == want64)
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
            #expect(try file.values("exact", as: Double.self) == Pattern.exact(105))
            #expect(file.info("exact")?.shape == [3, 5, 7])
            #expect(try file.values("scalar", as: Double.self) == [2.5])
            #expect(file.info("empty")?.shape == [0, 4])
            let fine = try file.values("fine", as: Double.self)
            switch dtype {
            case .f64: #expect(fine == Pattern.fine(64 * 33))
            case .f32: #expect(fine == Pattern.fine(64 * 33).map { Double(Float($0)) })
            // NumPy rounds float64 → float16 directly (to nearest, ties to even), as Float16 does.
            default: #expect(fine == Pattern.fine(64 * 33).map { Double(Float16($0)) })
            }
        }
        let bf16 = try SafetensorsFile(url: dir.file("py_BF16.safetensors"))
        #expect(try bf16.values("exact", as: Double.self) == Pattern.exact(105))
        for version in 1...3 {
            for descr in ["f2", "f4", "f8"] {
                let file = try NpyFile(url: dir.file("py_v\(version)_\(descr).npy"))
                #expect(file.version == version)
                #expect(file.info.shape == [3, 5, 7])
                #expect(try file.values(as: Double.self) == Pattern.exact(105))
            }
        }
        // np.save writes {'descr': '<f4', 'fortran_order': True, …} from byte 10: the key starts at byte 27.
        #expect(throws: TensorIOError.fortranOrder(file: dir.file("py_fortran.npy").path, tensor: "py_fortran", offset: 27)) {
            try NpyFile(url: dir.file("py_fortran.npy"))
        }
    }
}
