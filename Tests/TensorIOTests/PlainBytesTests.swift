import Foundation
import Testing
@testable import TensorIO

/// The stored bytes the moments-only scan reads in place (``WeightFile/withPlainBytes(_:_:)``) are
/// exactly the tensor's values, for PyTorch and GGUF as for safetensors; tensors that are not plain
/// (a strided PyTorch view, a GGUF quantisation) give nil; and giving a tensor's pages back
/// (``WeightFile/releasePages(of:)``) leaves every later read unchanged. Deterministic checks.
@Suite struct PlainBytesTests {
    /// Bits of the values read through the plain bytes, or nil when the reader has none.
    static func plainBits(_ file: any WeightFile, _ info: TensorInfo) -> [UInt64]? {
        file.withPlainBytes(info.name) { raw in ElementCodec.decode(raw, dtype: info.dtype, count: info.count, as: Double.self).map(\.bitPattern) }
    }

    static func check(_ file: any WeightFile) throws -> (plain: Set<String>, other: Set<String>) {
        var plain = Set<String>(), other = Set<String>()
        for info in file.tensors {
            let decoded = try file.values(info.name, as: Double.self).map(\.bitPattern)
            if let bits = Self.plainBits(file, info) {
                #expect(bits == decoded, "\(file.url.lastPathComponent): \(info.name)")
                plain.insert(info.name)
            } else {
                other.insert(info.name)
            }
            file.releasePages(of: info.name)
            #expect(try file.values(info.name, as: Double.self).map(\.bitPattern) == decoded, "\(info.name) after its pages were released")
            if plain.contains(info.name) { #expect(Self.plainBits(file, info) == decoded, "\(info.name): plain bytes after release") }
        }
        return (plain, other)
    }

    @Test(arguments: ["zip.pt", "archive.pt", "legacy.pt", "wrapped.pt"])
    func pytorchPlainBytesAreTheValues(file name: String) throws {
        let file = try PyTorchFile(url: PyTorchFileTests.fixtures.appendingPathComponent(name))
        let (plain, other) = try Self.check(file)
        #expect(plain.isSuperset(of: ["f32", "f16", "bf16", "f64"]), "\(name): \(plain.sorted())")
        #expect(other.contains("transposed"), "\(name): a transposed view is strided, read by gathering")
    }

    @Test func ggufPlainBytesAreTheValues() throws {
        let file = try GGUFFile(url: GGUFTests.fixtures.appendingPathComponent("types.gguf"))
        let (plain, other) = try Self.check(file)
        let types = Dictionary(uniqueKeysWithValues: file.tensors.map { ($0.name, $0.storage) })
        #expect(!plain.isEmpty && !other.isEmpty)
        for name in plain { #expect(types[name] ?? nil == nil, "\(name) is plain but stored as \(String(describing: types[name]))") }
        for name in other { #expect(types[name] ?? nil != nil, "\(name) is quantised, never read in place") }
    }
}
