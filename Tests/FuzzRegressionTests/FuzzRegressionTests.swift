import Foundation
import Testing
@testable import weightlab_fuzz

/// Replays the fuzzers' corpus (Corpus/<target>/): the seeds the fuzzers start from and every
/// input that once crashed, hung or exhausted a parser. `valid-*` inputs must be accepted;
/// `broken-*`, `crash-*`, `timeout-*` and `oom-*` inputs must be rejected with a typed error (for
/// the weight-file readers, one that gives a byte offset). A regression of a crash fix crashes
/// this test; a regression of a hang makes it hang.
@Suite struct FuzzRegressionTests {
    static let corpus = Bundle.module.resourceURL!.appendingPathComponent("Corpus")
    static let rejectedPrefixes = ["broken-", "crash-", "timeout-", "oom-"]

    static func inputs(_ target: FuzzTarget) -> [String] {
        let dir = corpus.appendingPathComponent(target.rawValue)
        return ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).sorted()
    }

    @Test(arguments: FuzzTarget.allCases)
    func corpusReplaysWithTheExpectedOutcome(target: FuzzTarget) throws {
        let names = Self.inputs(target)
        #expect(names.contains { $0.hasPrefix("valid-") }, "no valid seeds for \(target)")
        #expect(names.contains { $0.hasPrefix("broken-") }, "no broken seeds for \(target)")
        for name in names {
            let data = try Data(contentsOf: Self.corpus.appendingPathComponent(target.rawValue).appendingPathComponent(name))
            let outcome = FuzzHarness.run(target, data)
            if name.hasPrefix("valid-") {
                #expect(outcome == .accepted, "\(target)/\(name): \(outcome)")
                continue
            }
            #expect(Self.rejectedPrefixes.contains { name.hasPrefix($0) }, "\(target)/\(name): unknown prefix (valid-, broken-, crash-, timeout-, oom-)")
            guard case let .rejected(message) = outcome else {
                Issue.record("\(target)/\(name) was accepted")
                continue
            }
            #expect(!message.isEmpty, "\(target)/\(name): empty error message")
            if target == .safetensors || target == .npy || target == .gguf || target == .pytorch || target == .onnx {
                #expect(message.contains("at byte "), "\(target)/\(name): \(message) gives no byte offset")
            }
        }
    }
}
