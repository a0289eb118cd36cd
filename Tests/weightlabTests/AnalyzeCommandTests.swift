import Foundation
import Testing

/// `weightlab analyze` end to end: sharded folders, CSV and JSON contents, --tensors, --base with
/// missing names, F64 precision, NaN and skipped tensors, the stdout summaries.
@Suite(.serialized) struct AnalyzeCommandTests {
    /// Deterministic N(0, σ²) values (SplitMix64 + Box–Muller), enough for CLI checks.
    static func normals(_ count: Int, sigma: Double, seed: UInt64) -> [Double] {
        var state = seed
        func next() -> Double {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return (Double((z ^ (z >> 31)) >> 11) + 0.5) / 9_007_199_254_740_992
        }
        return (0..<count).map { _ in sigma * (-2 * log(next())).squareRoot() * cos(2 * .pi * next()) }
    }

    /// One tensor for ``write(_:to:)``: F32 or F64 values.
    struct Tensor {
        var name: String
        var shape: [Int]
        var values: [Double]
        var f64 = false
    }

    /// Writes a safetensors file: 8-byte header length, JSON header, contiguous little-endian data.
    static func write(_ tensors: [Tensor], to url: URL) throws {
        var header: [String] = []
        var data = Data()
        for t in tensors {
            let begin = data.count
            if t.f64 {
                for v in t.values { withUnsafeBytes(of: v.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
            } else {
                for v in t.values { withUnsafeBytes(of: Float(v).bitPattern.littleEndian) { data.append(contentsOf: $0) } }
            }
            let shape = t.shape.map(String.init).joined(separator: ",")
            header.append("\"\(t.name)\":{\"dtype\":\"\(t.f64 ? "F64" : "F32")\",\"shape\":[\(shape)],\"data_offsets\":[\(begin),\(data.count)]}")
        }
        var json = Data(("{" + header.joined(separator: ",") + "}").utf8)
        while json.count % 8 != 0 { json.append(0x20) }
        var file = Data()
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { file.append(contentsOf: $0) }
        file.append(json)
        file.append(data)
        try file.write(to: url)
    }

    static func json(_ url: URL) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    }

    static func tensors(_ document: [String: Any]) -> [String: [String: Any]] {
        let list = document["tensors"] as? [[String: Any]] ?? []
        return Dictionary(uniqueKeysWithValues: list.map { ($0["name"] as! String, $0) })
    }

    /// Splits CSV lines into cells, honouring double quotes ("" inside quotes is a quote).
    static func csvRows(_ text: String) -> [[String]] {
        text.split(separator: "\n").map { line in
            var cells: [String] = [], cell = "", quoted = false
            var chars = Array(line)[...]
            while let c = chars.popFirst() {
                if quoted {
                    if c == "\"" {
                        if chars.first == "\"" { cell.append("\""); chars.removeFirst() } else { quoted = false }
                    } else { cell.append(c) }
                } else if c == "\"" {
                    quoted = true
                } else if c == "," {
                    cells.append(cell); cell = ""
                } else { cell.append(c) }
            }
            cells.append(cell)
            return cells
        }
    }

    /// A small two-layer model: q and o projections (64×128) and an MLP weight per layer.
    static func model(seed: UInt64 = 1, sigma: Double = 0.02) -> [Tensor] {
        var out: [Tensor] = []
        for layer in 0..<2 {
            for (k, module) in ["self_attn.q_proj", "self_attn.o_proj", "mlp.down_proj"].enumerated() {
                out.append(Tensor(name: "model.layers.\(layer).\(module).weight", shape: [64, 128],
                                  values: normals(64 * 128, sigma: sigma, seed: seed &* 100 &+ UInt64(layer * 10 + k))))
            }
        }
        return out
    }

    /// A sharded checkpoint folder (two shards named by model.safetensors.index.json) is read as one.
    @Test func shardedFolderWithIndex() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let folder = dir.file("ckpt")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let all = Self.model()
        try Self.write(Array(all.prefix(3)), to: folder.appendingPathComponent("model-00001-of-00002.safetensors"))
        try Self.write(Array(all.suffix(3)), to: folder.appendingPathComponent("model-00002-of-00002.safetensors"))
        let map = all.enumerated().map { i, t in "\"\(t.name)\": \"model-0000\(i < 3 ? 1 : 2)-of-00002.safetensors\"" }
        try Data(("{\"metadata\": {}, \"weight_map\": {" + map.joined(separator: ", ") + "}}").utf8)
            .write(to: folder.appendingPathComponent("model.safetensors.index.json"))
        let r = try CLI.run(["analyze", folder.path, "--json", dir.file("a.json").path, "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        let names = Set(Self.tensors(try Self.json(dir.file("a.json"))).keys)
        #expect(names == Set(all.map(\.name)))
    }

    /// Every documented key is in each tensor's JSON, spectrum keys for matrices.
    @Test func jsonCarriesTheDesignKeys() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        var tensors = Self.model()
        tensors.append(Tensor(name: "model.norm.weight", shape: [4096], values: Self.normals(4096, sigma: 1, seed: 9)))
        try Self.write(tensors, to: dir.file("m.safetensors"))
        let r = try CLI.run(["analyze", dir.file("m.safetensors").path, "--json", dir.file("a.json").path, "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        let reports = Self.tensors(try Self.json(dir.file("a.json")))
        #expect(reports.count == tensors.count)
        let keys = ["name", "shape", "dtype", "count", "mean", "std", "skewness", "excess_kurtosis", "tail_3sigma_fraction", "sparsity",
                    "gennorm_beta", "weibull_k", "weibull_lambda", "best_fit", "best_fit_aic", "fits", "verdict"]
        for (name, t) in reports {
            for k in keys { #expect(t[k] != nil, "\(name): no '\(k)'") }
            for test in ["ks", "anderson_darling", "cramer_von_mises", "jarque_bera"] {
                let o = t[test] as? [String: Any]
                #expect(o?["statistic"] is Double && o?["p_value"] is Double, "\(name): \(test) = \(String(describing: o))")
            }
            let fits = t["fits"] as? [[String: Any]] ?? []
            #expect(fits.allSatisfy { $0["aic"] is Double && $0["bic"] is Double && $0["se"] is [String: Any] }, "\(name): \(fits)")
            if name.hasPrefix("model.layers") {
                #expect(t["depth"] is Int, "\(name): depth")
                let s = t["spectrum"] as? [String: Any]
                for k in ["mp_sigma2", "lambda_plus", "spikes", "bulk_ks"] { #expect(s?[k] != nil, "\(name): spectrum.\(k)") }
            } else {
                #expect(t["spectrum"] == nil)
            }
        }
        #expect(reports["model.layers.1.self_attn.o_proj.weight"]?["module"] as? String == "o")
    }

    /// --csv writes one row per tensor with as many cells as the header, carrying the CIs, the
    /// fits with AIC/BIC and SEs, the best fits, the i.i.d. checks and the filters; --tensors
    /// selects by regular expression.
    @Test func csvCarriesEverythingAndTensorsSelects() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        try Self.write(Self.model(), to: dir.file("m.safetensors"))
        let r = try CLI.run(["analyze", dir.file("m.safetensors").path, "--tensors", "q_proj|o_proj", "--csv", dir.file("a.csv").path, "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        let rows = Self.csvRows(try String(contentsOf: dir.file("a.csv"), encoding: .utf8))
        #expect(rows.count == 5, "header + 4 tensors, got \(rows.count)")
        let header = rows[0]
        for column in ["mean_ci_low", "mean_ci_high", "std_ci_low", "std_ci_high", "skewness_ci_low", "excess_kurtosis_ci_high",
                       "ks_p_value", "anderson_darling_p_value", "cramer_von_mises_p_value", "jarque_bera_p_value", "wasserstein_1",
                       "best_fit", "best_fit_aic", "gaussian_aic", "gaussian_bic", "gennorm_beta_se", "truncated_c_se", "wstar_outliers",
                       "row_homogeneity_p_value", "column_variance_ratio", "lag1_row_z", "mp_sigma2", "spikes", "bulk_ks",
                       "three_sigma_kept_fraction", "three_sigma_ks_statistic", "small_values_jarque_bera_p_value", "verdict"] {
            #expect(header.contains(column), "no CSV column '\(column)'")
        }
        for row in rows.dropFirst() {
            #expect(row.count == header.count, "\(row.count) cells for \(header.count) columns")
            let cell = { (c: String) in row[header.firstIndex(of: c)!] }
            #expect(cell("name").contains("q_proj") || cell("name").contains("o_proj"))
            #expect(Double(cell("std_ci_low")) != nil && Double(cell("gaussian_bic")) != nil && Double(cell("row_homogeneity_p_value")) != nil)
            #expect(Double(cell("three_sigma_std")) != nil)
            #expect(!cell("best_fit").isEmpty)
        }
    }

    /// --matrices leaves out 1-D tensors (biases, norm scales) and keeps every 2-D one.
    @Test func matricesLeavesOutVectors() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        var tensors = Self.model()
        tensors.append(Tensor(name: "model.layers.0.mlp.down_proj.bias", shape: [64], values: Self.normals(64, sigma: 0.01, seed: 3)))
        tensors.append(Tensor(name: "model.norm.weight", shape: [128], values: Self.normals(128, sigma: 1, seed: 4)))
        try Self.write(tensors, to: dir.file("m.safetensors"))
        let r = try CLI.run(["analyze", dir.file("m.safetensors").path, "--matrices", "--json", dir.file("a.json").path, "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        let names = Set(Self.tensors(try Self.json(dir.file("a.json"))).keys)
        #expect(names == Set(Self.model().map(\.name)))
    }

    /// --moments-only reads all-finite f32 tensors in place and others through the NaN/Inf filter:
    /// both give the moments of the full report (same values, same formulas) and the counts.
    @Test func momentsOnlyAgreesWithTheFullReport() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        var withNaN = Self.normals(64 * 128, sigma: 0.02, seed: 8)
        withNaN[3] = .nan
        withNaN[500] = .infinity
        var tensors = Self.model()
        tensors.append(Tensor(name: "model.layers.1.mlp.up_proj.weight", shape: [64, 128], values: withNaN))
        try Self.write(tensors, to: dir.file("m.safetensors"))
        let full = try CLI.run(["analyze", dir.file("m.safetensors").path, "--json", dir.file("full.json").path, "--quiet"])
        let scan = try CLI.run(["analyze", dir.file("m.safetensors").path, "--moments-only", "--json", dir.file("scan.json").path, "--quiet"])
        #expect(full.status == 0 && scan.status == 0, "\(full.stderr)\(scan.stderr)")
        let a = Self.tensors(try Self.json(dir.file("full.json"))), b = Self.tensors(try Self.json(dir.file("scan.json")))
        #expect(Set(a.keys) == Set(b.keys) && a.count == tensors.count)
        for (name, t) in a {
            for key in ["count", "nan_count", "inf_count"] { #expect(t[key] as? Int == b[name]?[key] as? Int, "\(name).\(key)") }
            for key in ["mean", "std", "skewness", "excess_kurtosis"] {
                let x = t[key] as? Double ?? .nan, y = b[name]?[key] as? Double ?? .nan
                #expect(abs(x - y) <= 1e-12 * max(1, abs(x)), "\(name).\(key): \(x) vs \(y)")
            }
        }
        #expect(b["model.layers.1.mlp.up_proj.weight"]?["nan_count"] as? Int == 1 && b["model.layers.1.mlp.up_proj.weight"]?["inf_count"] as? Int == 1)
    }

    /// --base with a tensor the base lacks: the error names the base file and the tensor, the
    /// exit status is 2, and the other tensors are still analysed; a tensor only the base has is
    /// warned about.
    @Test func baseWithMissingAndExtraNames() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let fine = Self.model(seed: 2)
        var base = Self.model(seed: 1)
        let missing = base.removeFirst().name
        base.append(Tensor(name: "model.layers.9.extra.weight", shape: [8, 8], values: Self.normals(64, sigma: 1, seed: 3)))
        try Self.write(fine, to: dir.file("fine.safetensors"))
        try Self.write(base, to: dir.file("base.safetensors"))
        let r = try CLI.run(["analyze", dir.file("fine.safetensors").path, "--base", dir.file("base.safetensors").path,
                             "--json", dir.file("d.json").path, "--quiet"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("base.safetensors") && r.stderr.contains("'\(missing)'"), "\(r.stderr)")
        #expect(r.stderr.contains("model.layers.9.extra.weight") && r.stderr.contains("not in any input"), "\(r.stderr)")
        let document = try Self.json(dir.file("d.json"))
        let names = Set(Self.tensors(document).keys)
        #expect(names == Set(fine.map(\.name)).subtracting([missing]))
        #expect((document["errors"] as? [String])?.contains { $0.contains(missing) } == true)
    }

    /// F64 is analysed in double precision: values 1 + 10⁻¹²·z are all 1.0 in f32 (σ = 0, which
    /// would be skipped) but have σ ≈ 10⁻¹² in f64. A tensor with NaN keeps its statistics on the
    /// finite values and says why its spectrum was skipped; a too-small tensor and an oversized
    /// matrix appear with their reasons.
    @Test func precisionNaNAndSkippedTensorsAreReported() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        var withNaN = Self.normals(32 * 64, sigma: 0.02, seed: 5)
        withNaN[7] = .nan
        withNaN[99] = .nan
        let tensors = [
            Tensor(name: "precise", shape: [4000], values: Self.normals(4000, sigma: 1e-12, seed: 4).map { 1 + $0 }, f64: true),
            Tensor(name: "layers.0.attn.proj.weight", shape: [32, 64], values: withNaN),
            Tensor(name: "tiny", shape: [5], values: [1, 2, 3, 4, 5]),
            Tensor(name: "wide", shape: [8, 300], values: Self.normals(2400, sigma: 1, seed: 6)),
        ]
        try Self.write(tensors, to: dir.file("m.safetensors"))
        let r = try CLI.run(["analyze", dir.file("m.safetensors").path, "--json", dir.file("a.json").path, "--max-spectrum-side", "4"])
        #expect(r.status == 0, "\(r.stderr)")
        let document = try Self.json(dir.file("a.json"))
        let reports = Self.tensors(document)
        let precise = try #require(reports["precise"])
        #expect(precise["dtype"] as? String == "F64")
        #expect(abs((precise["std"] as? Double ?? 0) / 1e-12 - 1) < 0.05, "\(precise["std"] ?? "none")")
        let nan = try #require(reports["layers.0.attn.proj.weight"])
        #expect(nan["nan_count"] as? Int == 2 && nan["count"] as? Int == 32 * 64 - 2)
        #expect(r.stderr.contains("tensor 'layers.0.attn.proj.weight': 2 NaN/Inf values excluded"), "\(r.stderr)")
        #expect(nan["spectrum"] == nil && nan["module"] as? String == "o")
        let notes = (nan["notes"] as? [String] ?? []).joined(separator: "; ")
        #expect(notes.contains("2 NaN") && notes.contains("spectrum and i.i.d. checks skipped"), "\(notes)")
        let wide = try #require(reports["wide"])
        #expect(wide["spectrum"] == nil && wide["iid"] != nil)
        #expect((wide["notes"] as? [String])?.contains { $0.contains("Gram side 8 (the short side) > max_spectrum_side 4") } == true, "\(wide["notes"] ?? "none")")
        let skipped = document["skipped"] as? [[String: Any]] ?? []
        #expect(skipped.contains { $0["name"] as? String == "tiny" && ($0["reason"] as? String ?? "").contains("not enough data") }, "\(skipped)")
        #expect(r.stdout.contains("skipped: tiny") && r.stdout.contains("note: wide"), "\(r.stdout)")
    }

    /// The stdout table has the verdict column and the summaries by depth and by module.
    @Test func tableShowsVerdictAndSummaries() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        try Self.write(Self.model(), to: dir.file("m.safetensors"))
        let r = try CLI.run(["analyze", dir.file("m.safetensors").path])
        #expect(r.status == 0, "\(r.stderr)")
        for text in ["verdict", "best fit (BIC)", "by depth", "by module", "mean std", "down"] { #expect(r.stdout.contains(text), "no '\(text)' in\n\(r.stdout)") }
        let depthRows = r.stdout.split(separator: "\n").filter { $0.hasPrefix("0 ") || $0.hasPrefix("1 ") }
        #expect(depthRows.count == 2, "\(r.stdout)")
    }
}
