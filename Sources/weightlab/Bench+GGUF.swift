import Foundation
import TensorIO

extension Bench {
    /// Median time to dequantise every decodable tensor of a GGUF file, per ggml type and thread
    /// count, as f32 bytes written per second of wall time and per second of the process's CPU
    /// time (the second does not depend on what else the machine runs); the file's pages are
    /// touched once, untimed, first.
    func measureGGUF(_ path: String, into results: inout [[String: Any]]) throws {
        let file: GGUFFile
        do { file = try GGUFFile(url: URL(fileURLWithPath: path)) } catch { throw InputError(error) }
        var byType: [String: [String]] = [:]
        for t in file.tensors { byType[t.storage ?? t.dtype.rawValue, default: []].append(t.name) }
        for (type, names) in byType.sorted(by: { $0.key < $1.key }) {
            let values = names.reduce(0) { $0 + (file.entry($1)?.count ?? 0) }
            for name in names { _ = try file.values(name, as: Float.self, threads: 1) }
            var times = Array(repeating: [Double](), count: threads.count)
            var cpu = Array(repeating: [Double](), count: threads.count)
            for _ in 0..<`repeat` {
                for (i, t) in threads.enumerated() {
                    let start = DispatchTime.now().uptimeNanoseconds, cpuStart = Self.cpuSeconds()
                    for name in names { _ = try file.values(name, as: Float.self, threads: t) }
                    times[i].append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
                    cpu[i].append(Self.cpuSeconds() - cpuStart)
                }
            }
            for (i, t) in threads.enumerated() {
                let median = times[i].sorted()[times[i].count / 2], cpuMedian = cpu[i].sorted()[cpu[i].count / 2]
                results.append(["what": "gguf_dequantize", "type": type, "threads": t, "values": values,
                                "median_seconds": median, "f32_bytes_per_second": Double(values * 4) / median,
                                "median_cpu_seconds": cpuMedian, "f32_bytes_per_cpu_second": Double(values * 4) / cpuMedian])
            }
        }
    }

    /// CPU time used by the process so far (all threads), in seconds.
    static func cpuSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }
}
