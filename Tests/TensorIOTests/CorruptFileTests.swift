import Foundation
import Testing
@testable import TensorIO

/// Broken weight files, each built from a valid one, and the error each must produce: a typed
/// error naming the file (and the tensor or byte offset where it applies), never a crash.
@Suite struct CorruptFileTests {
    /// A safetensors file from a header text and a data section.
    static func safetensors(_ header: String, data: [UInt8], declaredLength: UInt64? = nil) -> Data {
        var out = Data()
        var n = (declaredLength ?? UInt64(header.utf8.count)).littleEndian
        withUnsafeBytes(of: &n) { out.append(contentsOf: $0) }
        out.append(contentsOf: Array(header.utf8))
        out.append(contentsOf: data)
        return out
    }

    static let twoTensors = #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}"#
    static let twelve = [UInt8](repeating: 0, count: 12)

    /// (what, bytes, the error's case name, text the description must contain)
    static let broken: [(String, Data, String, String)] = [
        ("empty file", Data(), "tooShort", "too short"),
        ("shorter than the length prefix", Data([1, 2, 3]), "tooShort", "too short"),
        ("header longer than the file", safetensors(twoTensors, data: twelve, declaredLength: 10_000), "headerTooLarge", "header length 10000"),
        ("header length 2^62", safetensors(twoTensors, data: twelve, declaredLength: 1 << 62), "headerTooLarge", "exceeds the limit"),
        ("header not JSON", safetensors("not json at all!", data: []), "malformedHeader", "not valid JSON"),
        ("header a JSON array", safetensors("[1,2,3]", data: []), "malformedHeader", "must be a JSON object"),
        ("header not UTF-8", safetensors("{\"\u{FF}\":1}", data: []).replacing(Data([0xC3, 0xBF]), with: Data([0xFF, 0xFE])),
         "malformedHeader", "not valid UTF-8"),
        ("entry not an object", safetensors(#"{"a":5}"#, data: []), "malformedHeader", "entry 'a' is not an object"),
        ("no dtype", safetensors(#"{"a":{"shape":[1],"data_offsets":[0,4]}}"#, data: [0, 0, 0, 0]), "malformedHeader", "no dtype"),
        ("unknown dtype", safetensors(#"{"a":{"dtype":"F7","shape":[1],"data_offsets":[0,4]}}"#, data: [0, 0, 0, 0]), "unknownDType", "'F7'"),
        ("negative dimension", safetensors(#"{"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}"#, data: [0, 0, 0, 0]), "badShape", "non-negative"),
        ("fractional dimension", safetensors(#"{"a":{"dtype":"F32","shape":[1.5],"data_offsets":[0,4]}}"#, data: [0, 0, 0, 0]), "badShape", "non-negative integers"),
        ("shape product overflows", safetensors(#"{"a":{"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,4]}}"#, data: [0, 0, 0, 0]),
         "badShape", "overflows"),
        ("shape disagrees with the byte range", safetensors(#"{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#, data: [UInt8](repeating: 0, count: 8)),
         "sizeMismatch", "need 12 bytes"),
        ("offsets reversed", safetensors(#"{"a":{"dtype":"F32","shape":[0],"data_offsets":[8,4]}}"#, data: [UInt8](repeating: 0, count: 8)),
         "malformedHeader", "data_offsets"),
        ("offsets missing", safetensors(#"{"a":{"dtype":"F32","shape":[1]}}"#, data: [0, 0, 0, 0]), "malformedHeader", "data_offsets"),
        ("range beyond the file", safetensors(#"{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}"#, data: [UInt8](repeating: 0, count: 8)),
         "truncated", "tensor 'a'"),
        ("overlapping ranges", safetensors(#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#, data: [UInt8](repeating: 0, count: 8)),
         "overlappingRanges", "overlaps"),
        ("gap between ranges", safetensors(#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}"#, data: twelve),
         "gap", "unused bytes at data byte 4"),
        ("trailing bytes after the last tensor", safetensors(twoTensors, data: twelve + [1, 2, 3, 4]), "gap", "4 unused bytes"),
        ("truncated mid-tensor", safetensors(twoTensors, data: [UInt8](repeating: 0, count: 10)), "truncated", "tensor 'b'"),
        ("duplicate tensor name", safetensors(#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#, data: [UInt8](repeating: 0, count: 8)),
         "duplicateName", "'a' appears twice"),
        ("metadata not strings", safetensors(#"{"__metadata__":{"seed":7}}"#, data: []), "malformedHeader", "__metadata__"),
    ]

    static let brokenNpy: [(String, Data, String, String)] = {
        let valid = NpyFormat.preamble(shape: [2, 2], descr: "<f4") + [UInt8](repeating: 0, count: 16)
        func with(_ header: String, version: UInt8 = 1, data: Int = 16) -> Data {
            var bytes = NpyFormat.magic + [version, 0]
            let h = Array(header.utf8)
            if version == 1 { bytes += [UInt8(h.count & 0xFF), UInt8(h.count >> 8)] } else { bytes += [UInt8(h.count & 0xFF), UInt8(h.count >> 8), 0, 0] }
            return Data(bytes + h + [UInt8](repeating: 0, count: data))
        }
        return [
            ("npy bad magic", Data([0x93, 0x4E, 0x55, 0x4D, 0x50, 0x5A] + valid.dropFirst(6)), "badMagic", "bad magic"),
            ("npy too short", Data(valid.prefix(7)), "tooShort", "too short"),
            ("npy version 9", Data(valid.prefix(6) + [9, 0] + valid.dropFirst(8)), "unsupportedVersion", "version 9"),
            ("npy header longer than the file", Data(valid.prefix(8) + [0xFF, 0xFF] + valid.dropFirst(10)), "headerTooLarge", "header length"),
            ("npy oversized v2 header", Data(NpyFormat.magic + [2, 0, 0, 0, 0, 0x10]), "headerTooLarge", "header length"),
            ("npy unsupported descr", with("{'descr': '<i4', 'fortran_order': False, 'shape': (2, 2), }\n"), "unsupportedDescr", "'<i4'"),
            ("npy big-endian descr", with("{'descr': '>f4', 'fortran_order': False, 'shape': (2, 2), }\n"), "unsupportedDescr", "'>f4'"),
            ("npy Fortran order", with("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }\n"), "fortranOrder", "Fortran"),
            ("npy short data", with("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }\n", data: 10), "truncated", "truncated"),
            ("npy header not a dict", with("['descr', '<f4']\n"), "malformedHeader", "not a dict"),
            ("npy no shape", with("{'descr': '<f4', 'fortran_order': False, }\n"), "malformedHeader", "shape"),
            ("npy negative dimension", with("{'descr': '<f4', 'fortran_order': False, 'shape': (-2, 2), }\n"), "malformedHeader", "bad dimension"),
            ("npy shape overflows", with("{'descr': '<f4', 'fortran_order': False, 'shape': (4294967296, 4294967296), }\n"), "badShape", "overflows"),
            ("npy fortran_order not a bool", with("{'descr': '<f4', 'fortran_order': 0, 'shape': (2, 2), }\n"), "malformedHeader", "fortran_order"),
        ]
    }()

    func caseName(_ e: TensorIOError) -> String { Mirror(reflecting: e).children.first?.label ?? "\(e)" }

    @Test(arguments: broken.indices)
    func brokenSafetensorsIsRejected(_ i: Int) throws {
        let (what, bytes, expectedCase, text) = Self.broken[i]
        let dir = try TempDir()
        defer { dir.cleanup() }
        let url = dir.file("broken-\(i).safetensors")
        try bytes.write(to: url)
        do {
            let file = try SafetensorsFile(url: url)
            // Some problems surface only when the tensor is read.
            for name in file.tensors.map(\.name) + file.unsupported.keys.sorted() { _ = try file.doubles(name) }
            Issue.record("\(what): opened without error")
        } catch {
            #expect(caseName(error) == expectedCase, "\(what): \(error)")
            #expect(error.description.contains(text), "\(what): \(error.description)")
            #expect(error.description.hasPrefix(url.path), "\(what): \(error.description)")
        }
    }

    @Test(arguments: brokenNpy.indices)
    func brokenNpyIsRejected(_ i: Int) throws {
        let (what, bytes, expectedCase, text) = Self.brokenNpy[i]
        let dir = try TempDir()
        defer { dir.cleanup() }
        let url = dir.file("broken-\(i).npy")
        try bytes.write(to: url)
        do {
            _ = try NpyFile(url: url).doubles()
            Issue.record("\(what): opened without error")
        } catch {
            #expect(caseName(error) == expectedCase, "\(what): \(error)")
            #expect(error.description.contains(text), "\(what): \(error.description)")
            #expect(error.description.hasPrefix(url.path), "\(what): \(error.description)")
        }
    }

    @Test func missingFileIsNotFound() {
        #expect(throws: TensorIOError.notFound(file: "/nonexistent/x.safetensors")) {
            try SafetensorsFile(url: URL(fileURLWithPath: "/nonexistent/x.safetensors"))
        }
    }

    @Test func unsupportedDTypesAreListedAndRefusedOnRead() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let url = dir.file("ids.safetensors")
        try Self.safetensors(#"{"ids":{"dtype":"I64","shape":[1],"data_offsets":[0,8]},"w":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}"#,
                             data: [UInt8](repeating: 0, count: 12)).write(to: url)
        let file = try SafetensorsFile(url: url)
        #expect(file.tensors.map(\.name) == ["w"])
        #expect(file.unsupported == ["ids": "I64"])
        #expect(throws: TensorIOError.unknownDType(file: url.path, tensor: "ids", dtype: "I64")) { try file.floats("ids") }
        #expect(try file.floats("w") == [0])
    }
}
