import Analysis
import ArgumentParser
import Foundation
import TensorIO

extension Merge {
    /// Joins the parts of a sharded analysis (their --json files, each with its checkpoint
    /// beside it, or the checkpoints themselves) into the JSON report of a single run.
    func mergeAnalysis() throws {
        guard let output else { throw InputError("merging analysis parts needs -o OUT.json") }
        let urls = Set(folders).sorted().map { path -> URL in
            let url = URL(fileURLWithPath: path)
            return path.hasSuffix(".jsonl") ? url : AnalysisCheckpoint.url(besideJSON: url)
        }
        let merged: (header: AnalysisCheckpoint.Header, records: [Int: AnalysisRecord])
        do { merged = try AnalysisCheckpoint.merge(urls) } catch { throw InputError(error) }
        let outcome = AnalysisOutcome(records: merged.records)
        let reports = outcome.reports
        let document = AnalysisDocument(weightlabVersion: merged.header.weightlabVersion, inputs: merged.header.inputs, base: merged.header.base,
                                        tensors: reports, byDepth: GroupSummary.byDepth(reports), byModule: GroupSummary.byModule(reports),
                                        skipped: outcome.skipped, errors: outcome.problems)
        do { try AtomicFile.write(try document.json(), to: URL(fileURLWithPath: output), overwrite: true) } catch let e as TensorIOError {
            throw InputError(e)
        }
        if !quiet { print("merged \(urls.count) part\(urls.count == 1 ? "" : "s"): \(reports.count) tensors into \(output)") }
        if !outcome.problems.isEmpty { throw ExitCode(2) }
    }
}
