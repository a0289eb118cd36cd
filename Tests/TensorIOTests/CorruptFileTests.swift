import Foundation
import Testing
@testable import TensorIO

/// Broken weight files, each built from a valid one, and the error each must produce: a typed
/// error of a given case whose description names the file, the tensor where one is concerned and
/// the file byte offset of the offending header field or data range; never a crash.
@Suite struct CorruptFileTests {
    /// One broken file and what reading it must say.
    struct Broken: Sendable, CustomTestStringConvertible {
        let what: String
        let bytes: Data
        /// The `TensorIOError` case.
        let error: String
        /// The tensor the description must name, if any.
        let tensor: String?
        /// The byte offset the description must give.
        let offset: Int
        /// Further text the description must contain.
        let text: String

        init(_ what: String, _ bytes: Data, _ error: String, tensor: String? = nil, at offset: Int, _ text: String) {
            (self.what, self.bytes, self.error, self.tensor, self.offset, self.text) = (what, bytes, error, tensor, offset, text)
        }

        var testDescription: String { what }
    }

    /// A safetensors file from a header text and a data section.
    static func safetensors(_ header: String, data: [UInt8] = [], declaredLength: UInt64? = nil) -> Data {
        var out = Data()
        var n = (declaredLength ?? UInt64(header.utf8.count)).littleEndian
        withUnsafeBytes(of: &n) { out.append(contentsOf: $0) }
        out.append(contentsOf: Array(header.utf8))
        out.append(contentsOf: data)
        return out
    }

    /// The file byte offset of the `occurrence`-th `needle` in a safetensors header.
    static func at(_ header: String, _ needle: String, occurrence: Int = 1) -> Int {
        var rest = header[...]
        for _ in 1..<occurrence { rest = rest[rest.range(of: needle)!.upperBound...] }
        return 8 + header.utf8.distance(from: header.startIndex, to: rest.range(of: needle)!.lowerBound)
    }

    /// The file byte where the data section of a file with this header starts.
    static func data(_ header: String) -> Int { 8 + header.utf8.count }

    static let twoTensors = #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}"#
    static let twelve = [UInt8](repeating: 0, count: 12)
    static let four = [UInt8](repeating: 0, count: 4)
    static let eight = [UInt8](repeating: 0, count: 8)

    static let brokenSafetensors: [Broken] = {
        let t = twoTensors
        func one(_ fields: String) -> String { #"{"a":{"# + fields + "}}" }
        let noDtype = one(#""shape":[1],"data_offsets":[0,4]"#)
        let dtypeNumber = one(#""dtype":32,"shape":[1],"data_offsets":[0,4]"#)
        let dtypeTwice = one(#""dtype":"F32","shape":[1],"dtype":"I32","data_offsets":[0,4]"#)
        let unknown = one(#""dtype":"F7","shape":[1],"data_offsets":[0,4]"#)
        let negative = one(#""dtype":"F32","shape":[-1],"data_offsets":[0,4]"#)
        let fractional = one(#""dtype":"F32","shape":[1.5],"data_offsets":[0,4]"#)
        let shapeNotList = one(#""dtype":"F32","shape":4,"data_offsets":[0,4]"#)
        let noShape = one(#""dtype":"F32","data_offsets":[0,4]"#)
        let intOverflow = one(#""dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,4]"#)
        let countOverflow = one(#""dtype":"F64","shape":[1099511627776,4],"data_offsets":[0,4]"#)
        let mismatch = one(#""dtype":"F32","shape":[3],"data_offsets":[0,8]"#)
        let mismatchI64 = one(#""dtype":"I64","shape":[2],"data_offsets":[0,12]"#)
        let reversed = one(#""dtype":"F32","shape":[0],"data_offsets":[8,4]"#)
        let negativeBegin = one(#""dtype":"F32","shape":[1],"data_offsets":[-4,0]"#)
        let threeOffsets = one(#""dtype":"F32","shape":[1],"data_offsets":[0,4,8]"#)
        let noOffsets = one(#""dtype":"F32","shape":[1]"#)
        let nearInt64Max = one(#""dtype":"F32","shape":[1],"data_offsets":[9223372036854775803,9223372036854775807]"#)
        let at2to62 = one(#""dtype":"F32","shape":[1],"data_offsets":[4611686018427387900,4611686018427387904]"#)
        let pastEnd = one(#""dtype":"F32","shape":[4],"data_offsets":[0,16]"#)
        let beyond = #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[2],"data_offsets":[64,72]}}"#
        let huge = one(#""dtype":"F64","shape":[137438953472],"data_offsets":[0,1099511627776]"#)
        let overlap = #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#
        let inside = #"{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,12]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#
        let gapped = #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}"#
        let late = one(#""dtype":"F32","shape":[1],"data_offsets":[4,8]"#)
        let duplicate = #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#
        let metaNumber = #"{"__metadata__":{"name":"x","seed":7}}"#
        let metaString = #"{"__metadata__":"seed=7"}"#
        let metaNested = #"{"__metadata__":{"config":{"lr":"0.1"}}}"#
        let deep = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        let badUTF8 = safetensors("{\"\u{FF}\":1}").replacing(Data([0xC3, 0xBF]), with: Data([0xFF, 0xFE]))
        return [
            Broken("empty file", Data(), "tooShort", at: 0, "too short"),
            Broken("shorter than the length prefix", Data([1, 2, 3]), "tooShort", at: 3, "needs 8 bytes"),
            Broken("header longer than the file", safetensors(t, data: twelve, declaredLength: 10_000), "headerTooLarge", at: 0,
                   "declares 10000 bytes, but only \(t.utf8.count + 12) bytes follow it"),
            Broken("header length 2^62", safetensors(t, data: twelve, declaredLength: 1 << 62), "headerTooLarge", at: 0,
                   "declares 4611686018427387904 bytes, more than the limit of 100000000"),
            Broken("header length 2^64 − 1", safetensors(t, data: twelve, declaredLength: .max), "headerTooLarge", at: 0, "more than the limit"),
            Broken("empty header", safetensors("", data: twelve), "malformedHeader", at: 8, "unexpected end of input"),
            Broken("header not JSON", safetensors("not json at all!"), "malformedHeader", at: 9, "not valid JSON (invalid literal)"),
            Broken("header JSON cut short", safetensors(#"{"a":{"dtype":"F32""#), "malformedHeader", at: 8 + 19, "unterminated object"),
            Broken("data after the JSON value", safetensors("{} {}"), "malformedHeader", at: 11, "unexpected data after"),
            Broken("header nested 100 deep", safetensors(deep), "malformedHeader", at: 8 + 64, "nesting deeper than 64"),
            Broken("header a JSON array", safetensors("[1,2,3]"), "malformedHeader", at: 8, "must be a JSON object"),
            Broken("header a JSON string", safetensors(#""abc""#), "malformedHeader", at: 8, "must be a JSON object"),
            Broken("header not UTF-8", badUTF8, "malformedHeader", at: 10, "not valid UTF-8"),
            Broken("lone surrogate escape", safetensors(#"{"\udc00":1}"#), "malformedHeader", at: 8 + 8, "lone surrogate"),
            Broken("duplicate tensor name", safetensors(duplicate, data: eight), "duplicateName", tensor: "a",
                   at: at(duplicate, #""a""#, occurrence: 2), "appears twice"),
            Broken("entry not an object", safetensors(#"{"a":5}"#), "malformedEntry", tensor: "a", at: 9, "not an object"),
            Broken("no dtype", safetensors(noDtype, data: four), "malformedEntry", tensor: "a", at: 9, "no dtype"),
            Broken("dtype a number", safetensors(dtypeNumber, data: four), "malformedEntry", tensor: "a",
                   at: at(dtypeNumber, #""dtype""#), "dtype is not a string"),
            Broken("a field given twice", safetensors(dtypeTwice, data: four), "malformedEntry", tensor: "a",
                   at: at(dtypeTwice, #""dtype""#, occurrence: 2), "field 'dtype' appears twice"),
            Broken("unknown dtype", safetensors(unknown, data: four), "unknownDType", tensor: "a", at: at(unknown, #""dtype""#), "'F7'"),
            Broken("negative dimension", safetensors(negative, data: four), "badShape", tensor: "a", at: at(negative, #""shape""#), "non-negative"),
            Broken("fractional dimension", safetensors(fractional, data: four), "badShape", tensor: "a",
                   at: at(fractional, #""shape""#), "non-negative integers"),
            Broken("shape not a list", safetensors(shapeNotList, data: four), "badShape", tensor: "a", at: at(shapeNotList, #""shape""#), "not a list"),
            Broken("no shape", safetensors(noShape, data: four), "badShape", tensor: "a", at: 9, "no shape"),
            Broken("shape product overflows Int", safetensors(intOverflow, data: four), "badShape", tensor: "a",
                   at: at(intOverflow, #""shape""#), "overflows"),
            Broken("element count beyond 2^41", safetensors(countOverflow, data: four), "badShape", tensor: "a",
                   at: at(countOverflow, #""shape""#), "overflows"),
            Broken("shape disagrees with the byte range", safetensors(mismatch, data: eight), "sizeMismatch", tensor: "a",
                   at: at(mismatch, #""data_offsets""#), "need 12 bytes but data_offsets span 8"),
            Broken("I64 shape disagrees with the byte range", safetensors(mismatchI64, data: twelve), "sizeMismatch", tensor: "a",
                   at: at(mismatchI64, #""data_offsets""#), "need 16 bytes"),
            Broken("offsets reversed", safetensors(reversed, data: eight), "malformedEntry", tensor: "a", at: at(reversed, #""data_offsets""#), "0 ≤ begin ≤ end"),
            Broken("negative begin", safetensors(negativeBegin, data: four), "malformedEntry", tensor: "a",
                   at: at(negativeBegin, #""data_offsets""#), "data_offsets"),
            Broken("three offsets", safetensors(threeOffsets, data: four), "malformedEntry", tensor: "a",
                   at: at(threeOffsets, #""data_offsets""#), "[begin, end]"),
            Broken("offsets missing", safetensors(noOffsets, data: four), "malformedEntry", tensor: "a", at: 9, "no data_offsets"),
            Broken("offsets near 2^63 (once an overflow trap)", safetensors(nearInt64Max, data: four), "malformedEntry", tensor: "a",
                   at: at(nearInt64Max, #""data_offsets""#), "beyond any file"),
            Broken("offsets at 2^62", safetensors(at2to62, data: four), "rangeOutOfFile", tensor: "a",
                   at: data(at2to62) + (1 << 62) - 4, "lies beyond the end of the file"),
            Broken("range runs past the end", safetensors(pastEnd, data: eight), "truncated", tensor: "a", at: data(pastEnd), "ends at byte \(data(pastEnd) + 16)"),
            Broken("range wholly beyond the file", safetensors(beyond, data: twelve), "rangeOutOfFile", tensor: "b",
                   at: data(beyond) + 64, "lies beyond the end of the file"),
            Broken("a terabyte declared in a small file", safetensors(huge, data: eight), "truncated", tensor: "a",
                   at: data(huge), "ends at byte \(data(huge) + (1 << 40))"),
            Broken("overlapping ranges", safetensors(overlap, data: eight), "overlappingRanges", tensor: "b", at: data(overlap) + 4, "overlaps that of 'a'"),
            Broken("a range inside another", safetensors(inside, data: twelve), "overlappingRanges", tensor: "b", at: data(inside) + 4, "overlaps that of 'a'"),
            Broken("gap between ranges", safetensors(gapped, data: twelve), "gap", at: data(gapped) + 4, "4 bytes belong to no tensor (before tensor 'b'"),
            Broken("gap before the first tensor", safetensors(late, data: eight), "gap", at: data(late), "4 bytes belong to no tensor (before tensor 'a'"),
            Broken("trailing bytes after the last tensor", safetensors(t, data: twelve + [1, 2, 3, 4]), "gap", at: data(t) + 12, "4 bytes belong to no tensor (after the last tensor"),
            Broken("truncated mid-tensor", safetensors(t, data: [UInt8](repeating: 0, count: 10)), "truncated", tensor: "b", at: data(t) + 8,
                   "ends at byte \(data(t) + 12) but the file has \(data(t) + 10) bytes"),
            Broken("truncated at a tensor boundary", safetensors(t, data: eight), "rangeOutOfFile", tensor: "b", at: data(t) + 8, "beyond the end"),
            Broken("metadata value not a string", safetensors(metaNumber), "malformedHeader", at: at(metaNumber, #""seed""#), "'seed' is not a string"),
            Broken("metadata not an object", safetensors(metaString), "malformedHeader", at: 9, "__metadata__ must be an object of strings"),
            Broken("metadata value an object", safetensors(metaNested), "malformedHeader", at: at(metaNested, #""config""#), "'config' is not a string"),
        ]
    }()

    /// A v1 (or v2) .npy file from a header text, followed by `data` zero bytes.
    static func npy(_ header: String, version: UInt8 = 1, data: Int = 16) -> Data {
        var bytes = NpyFormat.magic + [version, 0]
        let h = Array(header.utf8)
        let n = h.count
        bytes += version == 1 ? [UInt8(n & 0xFF), UInt8(n >> 8)] : [UInt8(n & 0xFF), UInt8((n >> 8) & 0xFF), UInt8(n >> 16), 0]
        return Data(bytes + h + [UInt8](repeating: 0, count: data))
    }

    /// The file byte offset of `needle` in a v1 .npy header.
    static func npyAt(_ header: String, _ needle: String) -> Int {
        10 + header.utf8.distance(from: header.startIndex, to: header.range(of: needle)!.lowerBound)
    }

    static let brokenNpy: [Broken] = {
        let valid = NpyFormat.preamble(shape: [2, 2], descr: "<f4") + [UInt8](repeating: 0, count: 16)
        func dict(_ descr: String = "'<f4'", fortran: String = "False", shape: String = "(2, 2)") -> String {
            "{'descr': \(descr), 'fortran_order': \(fortran), 'shape': \(shape), }\n"
        }
        let i4 = dict("'<i4'"), big = dict("'>f4'"), object = dict("'|O'")
        let fortran = dict(fortran: "True")
        let doubleQuoted = #"{"shape": (3, 4), "fortran_order": True, "descr": "<f8"}"# + "\n"
        let fortranZero = dict(fortran: "0")
        let negative = dict(shape: "(-2, 2)"), letters = dict(shape: "(2, x)"), list = dict(shape: "[2, 2]")
        let overflow = dict(shape: "(4294967296, 4294967296)"), beyondLimit = dict(shape: "(1099511627776, 4)")
        let short = dict(), noData = dict(shape: "(3,)")
        let bigHeader = dict() + String(repeating: " ", count: (1 << 20) + 64)
        var badText = Array(dict().utf8)
        badText[12] = 0xFF
        return [
            Broken("npy empty file", Data(), "tooShort", at: 0, "needs 10 bytes"),
            Broken("npy too short", Data(valid.prefix(7)), "tooShort", at: 7, "too short"),
            Broken("npy v2 too short for its length field", Data(NpyFormat.magic + [2, 0, 1, 0]), "tooShort", at: 10, "needs 12 bytes"),
            Broken("npy bad magic", Data([0x93, 0x4E, 0x55, 0x4D, 0x50, 0x5A] + valid.dropFirst(6)), "badMagic", at: 0, "bad magic"),
            Broken("npy a text file", Data("descr,shape\nf4,2\n".utf8), "badMagic", at: 0, "not an .npy file"),
            Broken("npy version 9", Data(valid.prefix(6) + [9, 0] + valid.dropFirst(8)), "unsupportedVersion", at: 6, "version 9"),
            Broken("npy version 0", Data(valid.prefix(6) + [0, 0] + valid.dropFirst(8)), "unsupportedVersion", at: 6, "version 0"),
            Broken("npy header longer than the file", Data(valid.prefix(8) + [0xFF, 0xFF] + valid.dropFirst(10)), "headerTooLarge", at: 8,
                   "declares 65535 bytes, but only \(valid.count - 10) bytes follow it"),
            Broken("npy v2 header of 256 MiB", Data(NpyFormat.magic + [2, 0, 0, 0, 0, 0x10]), "headerTooLarge", at: 8,
                   "declares 268435456 bytes, more than the limit of 1048576"),
            Broken("npy v3 header over the 1 MiB cap", npy(bigHeader, version: 3), "headerTooLarge", at: 8, "more than the limit of 1048576"),
            Broken("npy header not UTF-8", Data(NpyFormat.magic + [1, 0, UInt8(badText.count), 0] + badText), "malformedHeader", at: 22, "not valid text"),
            Broken("npy header not a dict", npy("['descr', '<f4']\n"), "malformedHeader", at: 10, "not a dict"),
            Broken("npy no descr", npy("{'fortran_order': False, 'shape': (2, 2), }\n"), "malformedHeader", at: 10, "no 'descr'"),
            Broken("npy unsupported descr", npy(i4), "unsupportedDescr", tensor: "broken", at: npyAt(i4, "'descr'"), "'<i4'"),
            Broken("npy big-endian descr", npy(big), "unsupportedDescr", tensor: "broken", at: npyAt(big, "'descr'"), "'>f4'"),
            Broken("npy object descr", npy(object), "unsupportedDescr", tensor: "broken", at: npyAt(object, "'descr'"), "'|O'"),
            Broken("npy Fortran order", npy(fortran), "fortranOrder", tensor: "broken", at: npyAt(fortran, "'fortran_order'"), "order='C'"),
            Broken("npy Fortran order, keys reordered and double-quoted", npy(doubleQuoted, data: 96), "fortranOrder", tensor: "broken",
                   at: npyAt(doubleQuoted, #""fortran_order""#), "Fortran"),
            Broken("npy fortran_order not a bool", npy(fortranZero), "malformedHeader", at: npyAt(fortranZero, "'fortran_order'"), "not True or False"),
            Broken("npy no shape", npy("{'descr': '<f4', 'fortran_order': False, }\n"), "malformedHeader", at: 10, "no 'shape'"),
            Broken("npy shape a list", npy(list), "malformedHeader", at: npyAt(list, "'shape'"), "not a tuple"),
            Broken("npy negative dimension", npy(negative), "malformedHeader", at: npyAt(negative, "'shape'"), "bad dimension '-2'"),
            Broken("npy dimension not a number", npy(letters), "malformedHeader", at: npyAt(letters, "'shape'"), "bad dimension 'x'"),
            Broken("npy shape overflows Int", npy(overflow), "badShape", tensor: "broken", at: npyAt(overflow, "'shape'"), "overflows"),
            Broken("npy element count beyond 2^41", npy(beyondLimit), "badShape", tensor: "broken", at: npyAt(beyondLimit, "'shape'"), "overflows"),
            Broken("npy short data", npy(short, data: 10), "truncated", tensor: "broken", at: 10 + short.utf8.count,
                   "ends at byte \(10 + short.utf8.count + 16) but the file has \(10 + short.utf8.count + 10) bytes"),
            Broken("npy no data at all", npy(noData, data: 0), "truncated", tensor: "broken", at: 10 + noData.utf8.count, "truncated"),
        ]
    }()

    /// The case name of an error (`Mirror` gives the label of an enum case with a payload).
    static func caseName(_ e: TensorIOError) -> String { Mirror(reflecting: e).children.first?.label ?? "\(e)" }

    /// Checks that `error` is the expected case and that its description names the file, the
    /// tensor and the byte offset.
    static func check(_ error: TensorIOError, _ c: Broken, path: String) {
        #expect(caseName(error) == c.error, "\(c.what): \(error)")
        #expect(error.description.hasPrefix(path + ": "), "\(c.what): \(error.description)")
        let place = (c.tensor.map { "tensor '\($0)' " } ?? "") + "at byte \(c.offset): "
        #expect(error.description.contains(place), "\(c.what): \(error.description) should contain \(place)")
        #expect(error.description.contains(c.text), "\(c.what): \(error.description) should contain \(c.text)")
    }

    @Test func theCorpusHasAtLeast45BrokenFiles() {
        #expect(Self.brokenSafetensors.count + Self.brokenNpy.count + 1 >= 45)  // + headerOverTheCapOfAValidSizedFile
    }

    @Test(arguments: brokenSafetensors)
    func brokenSafetensorsIsRejected(_ c: Broken) throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let url = dir.file("broken.safetensors")
        try c.bytes.write(to: url)
        do {
            let file = try SafetensorsFile(url: url)
            for name in file.tensors.map(\.name) { _ = try file.values(name, as: Double.self) }
            Issue.record("\(c.what): opened without error")
        } catch {
            Self.check(error, c, path: url.path)
        }
    }

    @Test(arguments: brokenNpy)
    func brokenNpyIsRejected(_ c: Broken) throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let url = dir.file("broken.npy")
        try c.bytes.write(to: url)
        do {
            _ = try NpyFile(url: url).values(as: Double.self)
            Issue.record("\(c.what): opened without error")
        } catch {
            Self.check(error, c, path: url.path)
        }
    }

    /// A header length under the file size but over the 100 MB cap is refused before anything
    /// is read: the file is sparse, so it costs no disk and reading its header would find zeros.
    @Test func headerOverTheCapOfAValidSizedFile() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let url = dir.file("sparse.safetensors")
        let declared = SafetensorsFile.headerLimit + 1
        try Self.safetensors("{}", declaredLength: UInt64(declared)).write(to: url)
        let handle = try FileHandle(forWritingTo: url)
        try handle.truncate(atOffset: UInt64(declared + 64))
        try handle.close()
        let c = Broken("header over the cap", Data(), "headerTooLarge", at: 0, "declares \(declared) bytes, more than the limit of 100000000")
        do {
            _ = try SafetensorsFile(url: url)
            Issue.record("opened without error")
        } catch {
            Self.check(error, c, path: url.path)
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
        let header = #"{"ids":{"dtype":"I64","shape":[1],"data_offsets":[0,8]},"w":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}"#
        try Self.safetensors(header, data: Self.twelve).write(to: url)
        let file = try SafetensorsFile(url: url)
        #expect(file.tensors.map(\.name) == ["w"])
        #expect(file.unsupported == ["ids": "I64"])
        #expect(throws: TensorIOError.unknownDType(file: url.path, tensor: "ids", offset: Self.at(header, #""dtype""#), dtype: "I64")) {
            try file.values("ids", as: Float.self)
        }
        #expect(try file.values("w", as: Float.self) == [0])
    }

    /// Skipping bad tensors: the good ones are read, each bad one is reported with its error,
    /// and a strict open of the same file fails on the first of them.
    @Test func badTensorsCanBeSkipped() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let url = dir.file("mixed.safetensors")
        let header = #"{"good":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"# +
            #""new":{"dtype":"F4","shape":[4],"data_offsets":[8,10]},"# +
            #""liar":{"dtype":"F32","shape":[4],"data_offsets":[10,14]},"# +
            #""over":{"dtype":"F32","shape":[1],"data_offsets":[4,8]},"# +
            #""late":{"dtype":"F64","shape":[1],"data_offsets":[14,22]},"# +
            #""gone":{"dtype":"F32","shape":[2],"data_offsets":[22,30]}}"#
        var data = [UInt8](repeating: 0, count: 22)
        data[0..<4] = [0, 0, 0x80, 0x3F]  // good[0] = 1
        try Self.safetensors(header, data: data).write(to: url)
        let p = url.path
        let start = Self.data(header)
        #expect(throws: TensorIOError.unknownDType(file: p, tensor: "new", offset: Self.at(header, #""dtype":"F4""#), dtype: "F4")) {
            try SafetensorsFile(url: url)
        }
        let file = try SafetensorsFile(url: url, skippingBadTensors: true)
        #expect(file.tensors.map(\.name) == ["good", "late"])
        #expect(try file.values("good", as: Float.self) == [1, 0])
        #expect(try file.values("late", as: Double.self) == [0])
        #expect(file.skipped == [
            .unknownDType(file: p, tensor: "new", offset: Self.at(header, #""dtype":"F4""#), dtype: "F4"),
            .sizeMismatch(file: p, tensor: "liar", offset: Self.at(header, #""data_offsets":[10"#), expected: 16, declared: 4),
            .overlappingRanges(file: p, tensor: "over", other: "good", offset: start + 4),
            .rangeOutOfFile(file: p, tensor: "gone", offset: start + 22, end: start + 30, fileSize: start + 22),
        ])
        #expect(throws: TensorIOError.noSuchTensor(file: p, tensor: "liar")) { try file.values("liar", as: Float.self) }
    }

    /// What still rejects the whole file when bad tensors are skipped: a header that lies about
    /// its own structure.
    @Test func aBrokenHeaderIsNotSkipped() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let cases = Self.brokenSafetensors.filter { ["header not JSON", "duplicate tensor name", "metadata value an object"].contains($0.what) }
        #expect(cases.count == 3)
        for c in cases {
            let url = dir.file("header.safetensors")
            try c.bytes.write(to: url)
            do {
                _ = try SafetensorsFile(url: url, skippingBadTensors: true)
                Issue.record("\(c.what): opened without error")
            } catch {
                Self.check(error, c, path: url.path)
            }
        }
    }

    @Test func aNameInTwoShardsIsADuplicate() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let header = #"{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#
        for shard in ["a.safetensors", "b.safetensors"] { try Self.safetensors(header, data: Self.four).write(to: dir.file(shard)) }
        #expect(throws: TensorIOError.duplicateName(file: dir.file("b.safetensors").path, tensor: "w", offset: 9)) {
            try Checkpoint(url: dir.url)
        }
    }

    @Test func aShardIndexThatLeavesTheFolderIsRefused() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let index = #"{"metadata":{},"weight_map":{"w":"../x.safetensors"}}"#
        try Data(index.utf8).write(to: dir.file("model.safetensors.index.json"))
        #expect(throws: TensorIOError.malformedHeader(file: dir.file("model.safetensors.index.json").path,
                                                      offset: Self.at(index, #""w""#) - 8, reason: "shard name '../x.safetensors' leaves the folder")) {
            try Checkpoint(url: dir.url)
        }
    }
}
