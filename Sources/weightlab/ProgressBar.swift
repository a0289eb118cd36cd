import Foundation
import MonteCarlo

/// The progress of a scenario run or an analysis on stderr. On a terminal: a bar redrawn in place, at most ten
/// times a second, with the work done, its rate and the ETA. Otherwise (a log
/// file, CI): one plain line a minute, so short runs add nothing to the log. Silent with --quiet.
/// Updates arrive from the worker threads.
final class ProgressBar: @unchecked Sendable {
    private let lock = NSLock()
    private let label: String
    private let enabled: Bool
    private let interactive = Terminal.stderrIsTTY
    private var lastDraw = Date()
    private var drawn = false

    init(label: String, quiet: Bool) {
        self.label = label
        enabled = !quiet
    }

    /// Shows the bar empty until the first replicate finishes (terminal only).
    func begin() {
        guard enabled, interactive else { return }
        lock.withLock { draw("\(label) starting…") }
    }

    func update(_ p: RunProgress) {
        update(fraction: p.total > 0 ? Double(p.done) / Double(p.total) : 1, last: p.done >= p.total,
               stats: Self.stats(p), line: { Self.line(label, p) })
    }

    /// Redraws the bar at `fraction` with `stats` after it (terminal), or writes `line()` at most
    /// once a minute (log); the last update is drawn on a terminal and left out of a log.
    func update(fraction: Double, last: Bool, stats: String, line: () -> String) {
        guard enabled else { return }
        lock.withLock {
            let now = Date()
            if interactive {
                guard last || now.timeIntervalSince(lastDraw) >= 0.1 else { return }
                draw(Self.bar(label, fraction: fraction, stats: stats, width: Terminal.columns))
            } else {
                guard !last, now.timeIntervalSince(lastDraw) >= 60 else { return }
                FileHandle.standardError.write(Data((line() + "\n").utf8))
            }
            lastDraw = now
        }
    }

    /// Clears the bar (terminal only).
    func finish() {
        guard enabled, interactive else { return }
        lock.withLock {
            if drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            drawn = false
        }
    }

    private func draw(_ text: String) {
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + text).utf8))
        drawn = true
    }

    /// `name [█████▌    ] 41/120  3.2 rep/s  ETA 0:25`, fitted to `width` columns.
    static func bar(_ label: String, _ p: RunProgress, width: Int) -> String {
        bar(label, fraction: p.total > 0 ? Double(p.done) / Double(p.total) : 1, stats: stats(p), width: width)
    }

    /// `41/120  3.2 rep/s  ETA 0:25`.
    static func stats(_ p: RunProgress) -> String {
        "\(p.done)/\(p.total)  \(String(format: "%.1f", p.rate)) rep/s  ETA \(duration(p.eta))"
    }

    /// `label [█████▌    ] stats`, fitted to `width` columns.
    static func bar(_ label: String, fraction: Double, stats: String, width: Int) -> String {
        let cells = max(10, min(40, width - label.count - stats.count - 5))
        let fraction = min(1, max(0, fraction))
        let eighths = Int(fraction * Double(cells * 8))
        let partials = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
        var filled = String(repeating: "█", count: eighths / 8)
        if eighths / 8 < cells { filled += partials[eighths % 8] }
        let blank = String(repeating: " ", count: max(0, cells - eighths / 8 - (eighths % 8 > 0 ? 1 : 0)))
        return "\(label) [\(filled)\(blank)] \(stats)"
    }

    /// `name: 41/120 replicates, 3.2/s, ETA 0:25` for logs.
    static func line(_ label: String, _ p: RunProgress) -> String {
        "\(label): \(p.done)/\(p.total) replicates, \(String(format: "%.1f", p.rate))/s, ETA \(duration(p.eta))"
    }

    /// 42s, 3:07, 2h05m.
    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "–" }
        let s = Int(seconds.rounded())
        if s < 60 { return "\(s)s" }
        if s < 3600 { return String(format: "%d:%02d", s / 60, s % 60) }
        return String(format: "%dh%02dm", s / 3600, (s % 3600) / 60)
    }
}
