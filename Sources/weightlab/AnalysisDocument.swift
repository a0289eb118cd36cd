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
    var skipped: [Skipped]
    var errors: [String]
    /// The heavy-tail metrics over all matrices and by module (filled by ``json()``).
    var spectralSummary: [SpectralSummary]? = nil

    /// `i/n` for the part of a sharded analysis (`--shard`); absent for a whole run.
    var shard: String?

    /// A tensor that was read (or listed) but not analysed, and why.
    typealias Skipped = SkippedTensor

    enum CodingKeys: String, CodingKey {
        case inputs, base, tensors, skipped, errors, shard
        case weightlabVersion = "weightlab_version"
        case byDepth = "by_depth"
        case byModule = "by_module"
        case spectralSummary = "spectral_summary"
    }

    /// The subtitle of this analysis's figures: what was analysed, by which version.
    var subtitle: String {
        let what = inputs.map { URL(fileURLWithPath: $0).lastPathComponent }.joined(separator: ", ")
        return (base.map { "ΔW = \(what) − \(URL(fileURLWithPath: $0).lastPathComponent)" } ?? what) + "; WeightLab \(weightlabVersion)"
    }

    func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        var document = self
        let summary = SpectralSummary.groups(tensors)
        document.spectralSummary = summary.isEmpty ? nil : summary
        return try encoder.encode(document)
    }
}
