import Analysis
import Foundation

extension ProgressBar {
    /// An analysis's progress: tensors and bytes done, the byte rate and the ETA.
    func update(_ p: AnalysisProgress) {
        let fraction = p.bytesTotal > 0 ? Double(p.bytesDone) / Double(p.bytesTotal) : (p.tensorsTotal > 0 ? Double(p.tensorsDone) / Double(p.tensorsTotal) : 1)
        let stats = "\(p.tensorsDone)/\(p.tensorsTotal) tensors  \(Self.bytes(p.bytesDone))/\(Self.bytes(p.bytesTotal))  "
            + "\(Self.bytes(Int(p.bytesPerSecond)))/s  ETA \(Self.duration(p.eta))"
        update(fraction: fraction, last: p.isFinished, stats: stats) {
            "\(p.tensorsDone)/\(p.tensorsTotal) tensors, \(Self.bytes(p.bytesDone)) of \(Self.bytes(p.bytesTotal)), "
                + "\(Self.bytes(Int(p.bytesPerSecond)))/s, ETA \(Self.duration(p.eta)) (\(p.current))"
        }
    }

    /// 512 B, 3.4 MB, 12.6 GB (decimal units).
    static func bytes(_ n: Int) -> String {
        let x = Double(n)
        if x < 1e3 { return "\(n) B" }
        if x < 1e6 { return String(format: "%.1f kB", x / 1e3) }
        if x < 1e9 { return String(format: "%.1f MB", x / 1e6) }
        return String(format: "%.2f GB", x / 1e9)
    }
}
