import Foundation
import Testing
@testable import weightlab_fuzz

/// Replays the fuzzers' corpus (Corpus/<target>/): the seeds the fuzzers start from and every
/// input that once crashed a parser. `valid-*` inputs must be accepted; `broken-*` and `crash-*`
/// inputs must be rejected with a typed error. A regression of a crash fix crashes this test.
@Suite struct FuzzRegressionTests {
    static let corpus = Bundle.module.resourceURL!.appendingPathComponent("Corpus")

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
            } else {
                #expect(outcome.isRejected, "\(target)/\(name) was accepted")
            }
        }
    }
}
