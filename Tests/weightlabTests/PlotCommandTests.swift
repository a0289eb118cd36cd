import Foundation
import Testing

/// Figures from `analyze --plots` and `plot`: valid images, and data files that hold the numbers
/// of the report they were drawn from.
@Suite(.serialized) struct PlotCommandTests {
    /// The rows of block `index` of a figure's data file.
    static func block(_ text: String, _ index: Int) -> [[Double]] {
        let parts = text.components(separatedBy: "# index ")
        guard index + 1 < parts.count else { return [] }
        return parts[index + 1].split(separator: "\n").dropFirst().map { line in
            line.split(separator: " ").map { Double($0) ?? .nan }
        }
    }

    static func isPNG(_ url: URL) -> Bool {
        ((try? Data(contentsOf: url)) ?? Data()).starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
    }

    @Test func analysisFiguresHoldTheReportsNumbers() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let model = dir.file("m.safetensors").path
        #expect(try CLI.run(["sample", "--dist", "gennorm(beta=1.2, scale=0.02)", "--shape", "128x256", "--layers", "4", "--seed", "5",
                             "--quiet", "--output", model]).status == 0)
        let r = try CLI.run(["analyze", model, "--json", dir.file("a.json").path, "--plots", dir.file("figs").path, "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: dir.file("a.json"))) as? [String: Any])
        let tensors = try #require(doc["tensors"] as? [[String: Any]])
        #expect(tensors.count == 4)
        for name in ["cullen_frey", "depth_profiles", "filters", "histograms", "histograms_log", "qq", "weibull", "spectrum"] {
            #expect(Self.isPNG(dir.file("figs/\(name).png")), "\(name).png")
            let svg = (try? String(contentsOf: dir.file("figs/\(name).svg"), encoding: .utf8)) ?? ""
            #expect(svg.contains("</svg>"), "\(name).svg")
        }

        // Cullen–Frey: one point per tensor at (skewness², excess kurtosis + 3).
        let cf = Self.block(try String(contentsOf: dir.file("figs/cullen_frey.dat"), encoding: .utf8), 0)
        #expect(cf.count == tensors.count)
        for (row, t) in zip(cf, tensors) {
            let skew = try #require(t["skewness"] as? Double), kurt = try #require(t["excess_kurtosis"] as? Double)
            #expect(abs(row[0] - skew * skew) <= 1e-8 * max(1, skew * skew))
            #expect(abs(row[1] - (kurt + 3)) <= 1e-8 * (kurt + 3))
        }
        // Depth profiles, first panel: std against layer index.
        let depth = Self.block(try String(contentsOf: dir.file("figs/depth_profiles.dat"), encoding: .utf8), 0)
        for t in tensors {
            let d = try #require(t["depth"] as? Int), std = try #require(t["std"] as? Double)
            #expect(depth.contains { Int($0[0]) == d && abs($0[1] - std) <= 1e-8 * std }, "std of depth \(d)")
        }
        // Weibull: each panel's title carries the report's k.
        let weibull = try String(contentsOf: dir.file("figs/weibull.dat"), encoding: .utf8)
        for t in tensors {
            let k = try #require(t["weibull_k"] as? Double)
            #expect(weibull.contains("\(t["name"]!): k = \(String(format: "%.3f", k))"))
        }

        // `plot` on the JSON redraws the report-derived figures with the same data.
        let p = try CLI.run(["plot", dir.file("a.json").path, "--output", dir.file("again").path, "--quiet"])
        #expect(p.status == 0, "\(p.stderr)")
        for name in ["cullen_frey", "depth_profiles", "filters"] {
            #expect(try Data(contentsOf: dir.file("again/\(name).dat")) == Data(contentsOf: dir.file("figs/\(name).dat")), "\(name).dat")
        }
    }

    @Test func plotDrawsAScenarioReportsClaims() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let scenario = dir.file("s.yaml")
        try Data("""
        name: plot-test
        seed: 3
        replicates: 13
        cases:
          grid:
            sigma: [0.5, 2]
        experiment:
          sample: {law: "gaussian(sigma=${sigma})", shape: 32x64}
        claims:
          - name: std recovers sigma
            metric: std
            statistic: mean
            expect: {equals: "sigma", within_se: 5}
        """.utf8).write(to: scenario)
        let run = try CLI.run(["run", scenario.path, "--output", dir.file("out").path, "--no-figures", "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        let report = dir.file("out/plot-test/report.json")
        let p = try CLI.run(["plot", report.path, "--output", dir.file("figs").path, "--quiet"])
        #expect(p.status == 0, "\(p.stderr)")
        #expect(Self.isPNG(dir.file("figs/claims.png")))
        // The measured points of the claims figure are the claims' values in the report.
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: report)) as? [String: Any])
        let claims = try #require(doc["claims"] as? [[String: Any]])
        let measured = Self.block(try String(contentsOf: dir.file("figs/claims.dat"), encoding: .utf8), 0)
        #expect(measured.count == claims.count)
        for (row, c) in zip(measured, claims) {
            let v = try #require(c["value"] as? Double)
            #expect(abs(row[1] - v) <= 1e-8 * abs(v))
        }
    }

    @Test(arguments: [("{\"neither\": 1}", "neither a scenario report"), ("[1, 2", "not valid JSON"),
                      ("{\"tensors\": [{\"name\": 3}]}", "not an analysis report")])
    func badReportsExitTwoNamingTheFile(text: String, expected: String) throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        try Data(text.utf8).write(to: dir.file("bad.json"))
        let r = try CLI.run(["plot", dir.file("bad.json").path, "--output", dir.file("figs").path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("bad.json") && r.stderr.contains(expected), "\(r.stderr)")
    }
}
