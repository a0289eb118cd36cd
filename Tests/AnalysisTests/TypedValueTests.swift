import Foundation
import TensorIO
import Testing
@testable import Analysis

/// The typed values of a report (storage type, module kind, verdict) keep the documented JSON
/// spellings: each encodes to the bare string the README shows and reads back to itself.
@Suite struct TypedValueTests {
    static func json<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try JSONEncoder().encode([value]), as: UTF8.self)
    }

    @Test func storageTypeIsOneString() throws {
        let cases: [(StorageType, String)] = [(.plain(.f32), "F32"), (.plain(.bf16), "BF16"), (.encoded("Q4_K"), "Q4_K"), (.encoded("I64"), "I64")]
        for (type, name) in cases {
            #expect(try Self.json(type) == "[\"\(name)\"]")
            #expect(StorageType(name: name) == type)
            #expect(try JSONDecoder().decode([StorageType].self, from: Data("[\"\(name)\"]".utf8)) == [type])
        }
        #expect(StorageType(TensorInfo(name: "w", dtype: .f32, shape: [2], storage: "Q8_0")) == .encoded("Q8_0"))
        #expect(StorageType(TensorInfo(name: "w", dtype: .f16, shape: [2])) == .plain(.f16))
    }

    @Test func moduleKindIsOneString() throws {
        #expect(try Self.json(TensorName("model.layers.3.self_attn.q_proj.weight").module) == "[\"q\"]")
        #expect(try Self.json(ModuleKind.known) == #"[["q","k","v","o","qkv","gate","up","down","embedding","norm","other"]]"#)
        // A scenario's own kind is kept by spelling.
        #expect(try JSONDecoder().decode([ModuleKind].self, from: Data(#"["q_proj"]"#.utf8)) == [ModuleKind(rawValue: "q_proj")])
    }

    @Test func verdictIsTheTagsJoined() throws {
        let v = Verdict(tags: [.sparse, .outlierHeavy, .flatTruncated])
        #expect(try Self.json(v) == #"["sparse, outlier-heavy, flat\/truncated"]"#)
        #expect(try JSONDecoder().decode([Verdict].self, from: Data(try Self.json(v).utf8)) == [v])
        #expect(VerdictTag.allCases.map(\.rawValue) == ["sparse", "outlier-heavy", "sharp", "flat/truncated", "non-identical", "gaussian", "near-gaussian"])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([Verdict].self, from: Data(#"["sparse, wobbly"]"#.utf8)) }
    }

    @Test func skippedAliasWritesAnEmptyDtype() throws {
        let alias = SkippedTensor(name: "b", file: "f", dtype: nil, shape: nil, reason: "alias")
        let text = try Self.json(alias)
        #expect(text.contains(#""dtype":"""#))
        #expect(try JSONDecoder().decode([SkippedTensor].self, from: Data(text.utf8)) == [alias])
    }
}
