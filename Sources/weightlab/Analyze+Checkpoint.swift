import Analysis
import Foundation
import ScenarioKit
import TensorIO

extension Analyze {
    /// The checkpoint beside --json: with --resume the existing one (it must be this run's: same
    /// fingerprint and shard) and its records; otherwise a new one. None without --json.
    func openCheckpoint(_ analysis: AnalysisRun) throws -> (AnalysisCheckpoint?, [Int: AnalysisRecord]) {
        guard let jsonOutput else { return (nil, [:]) }
        let json = URL(fileURLWithPath: jsonOutput)
        let url = AnalysisCheckpoint.url(besideJSON: json)
        let header = analysis.header
        do {
            if resume, FileManager.default.fileExists(atPath: url.path) {
                let existing = try AnalysisCheckpoint.read(url)
                guard existing.header.key == header.key, existing.header.shard == header.shard else {
                    throw InputError("\(url.path) belongs to another analysis (other inputs, options or shard); run without --resume to start over")
                }
                return (try AnalysisCheckpoint(url: url, header: header, existingLength: existing.validLength), existing.records)
            }
            // Fail before the work, not after it, when the report may not be replaced.
            if !force, !resume, FileManager.default.fileExists(atPath: json.path) { throw InputError(TensorIOError.outputExists(file: json.path)) }
            return (try AnalysisCheckpoint(url: url, header: header, existingLength: nil), [:])
        } catch let error as AnalysisCheckpointError { throw InputError(error) }
    }

    /// The steps whose values the figures draw: up to nine tensors spread evenly over each
    /// input's selection (none without --plots).
    func plotSteps(_ source: TensorSource) -> Set<Int> {
        guard plots != nil else { return [] }
        var out = Set<Int>()
        for (i, step) in source.steps.enumerated() {
            guard case let .tensor(t) = step else { continue }
            let n = t.ofSelected, by = max(1, (n + 8) / 9)
            if t.position % by == 0, t.position / by < 9 { out.insert(i) }
        }
        return out
    }

    /// Plot samples of drawn tensors whose values the run did not hand over, read again: those
    /// analysed by an earlier invocation (the checkpoint holds reports, not values) or by the
    /// moments-only scan (it reads the stored bytes in place).
    func readSamples(_ steps: Set<Int>, records: [Int: AnalysisRecord], source: TensorSource) throws -> [Int: GeneratedTensor] {
        var out: [Int: GeneratedTensor] = [:]
        for i in steps.sorted() {
            guard case let .report(r) = records[i], case let .tensor(t) = source.steps[i] else { continue }
            do { out[i] = Self.plotSample(name: r.name, shape: r.shape, values: try source.values(of: t).floats) } catch { throw InputError(error) }
        }
        return out
    }
}
