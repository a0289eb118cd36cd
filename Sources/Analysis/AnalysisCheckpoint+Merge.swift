import Foundation

extension AnalysisCheckpoint {
    /// Joins the checkpoints of an analysis's shards into the records of a single run. Every file
    /// must carry the same run fingerprint, and together they must cover every step; a step
    /// recorded by several shards (the problems each shard lists) is kept once.
    public static func merge(_ urls: [URL]) throws(AnalysisCheckpointError) -> (header: Header, records: [Int: AnalysisRecord]) {
        var header: Header?
        var records: [Int: AnalysisRecord] = [:]
        for url in urls {
            let (h, r, _) = try read(url)
            if let header, header.key != h.key || header.steps != h.steps {
                throw .mismatch(file: url.path, offset: 0, reason: "not a shard of the same analysis as \(urls[0].path) (its fingerprint differs)")
            }
            header = header ?? h
            records.merge(r) { first, _ in first }
        }
        guard var header else { throw .incomplete(missing: 0, of: 0, files: []) }
        guard records.count == header.steps else {
            throw .incomplete(missing: header.steps - records.count, of: header.steps, files: urls.map(\.path))
        }
        header.shard = "0/1"
        return (header, records)
    }
}
