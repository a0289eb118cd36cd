import Foundation
import TensorIO

extension Bench {
    /// Median time to dequantise every decodable tensor of a GGUF file, per ggml type and thread
    /// count, as f32 bytes written per second (the file's pages are touched once, untimed, first).
    func measureGGUF(_ path: String, into results: inout [[String: Any]]) throws {
        let file: GGUFFile
        do { file = try GGUFFile(url: URL(fileURLWithPath: path)) } catch { throw InputError(error.description) }
        var byType: [String: [String]] = [:]
        for t in file.tensors { byType[t.storage ?? t.dtype.rawValue, default: []].append(t.name) }
        for (type, names) in byType.sorted(by: { $0.key < $1.key }) {
            let values = names.reduce(0) { $0 + (file.entry($1)?.count ?? 0) }
            for name in names { _ = try file.floats(name, threads: 1) }
            var times = Array(repeating: [Double](), count: threads.count)
            for _ in 0..<`repeat` {
                for (i, t) in threads.enumerated() {
                    let start = DispatchTime.now().uptimeNanoseconds
                    for name in names { _ = try file.floats(name, threads: t) }
                    times[i].append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
                }
            }
            for (t, var seconds) in zip(threads, times) {
                seconds.sort()
                let median = seconds[seconds.count / 2]
                results.append(["what": "gguf_dequantize", "type": type, "threads": t, "values": values,
                                "median_seconds": median, "f32_bytes_per_second": Double(values * 4) / median])
            }
        }
    }
}
