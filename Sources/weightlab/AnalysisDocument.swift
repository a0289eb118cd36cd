import Analysis
import Foundation

/// The JSON file `weightlab analyze --json` writes.
struct AnalysisDocument: Codable {
    var weightlabVersion: String
    var inputs: [String]
    var base: String?
    var tensors: [TensorReport]
    var byDepth: [GroupSummary]
    var byModule: [GroupSummary]
    var skipped: [String]
    var errors: [String]

    enum CodingKeys: String, CodingKey {
        case inputs, base, tensors, skipped, errors
        case weightlabVersion = "weightlab_version"
        case byDepth = "by_depth"
        case byModule = "by_module"
    }

    func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try encoder.encode(self)
    }
}
