import Foundation
import Testing

/// `weightlab scenario metrics` lists the metric catalogue: text, `--json` and `--markdown`.
@Suite struct ScenarioMetricsCommandTests {
    @Test func jsonListsEveryMetricWithItsDoc() throws {
        let r = try CLI.run(["scenario", "metrics", "--json", "-"])
        #expect(r.status == 0, "\(r.stderr)")
        let list = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: String]])
        let byName = Dictionary(list.map { ($0["name"] ?? "", $0) }, uniquingKeysWith: { a, _ in a })
        for name in ["excess_kurtosis", "ks.p_value", "spectrum.spikes", "heavy_tail.alpha", "fit.wstar.c", "std_ratio",
                     "loss.train_at_{step}", "noise_shrinkage_ratio", "sigma_gap_ratio", "loss.{phase}.held_out_ratio"] {
            let m = try #require(byName[name], "\(name) missing")
            #expect(!(m["doc"] ?? "").isEmpty && m["scope"] != nil && m["source"] != nil, "\(m)")
        }
        #expect(byName["loss.train_at_{step}"]?["condition"] == "record_steps")
    }

    @Test func textAndMarkdownHaveOneLinePerMetric() throws {
        let json = try CLI.run(["scenario", "metrics", "--json", "-"])
        let count = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [Any]).count
        let text = try CLI.run(["scenario", "metrics"])
        #expect(text.status == 0 && text.stdout.split(separator: "\n").count == count)
        #expect(text.stdout.contains("excess_kurtosis") && text.stdout.contains("m₄/m₂² − 3"))
        let markdown = try CLI.run(["scenario", "metrics", "--markdown"])
        #expect(markdown.status == 0 && markdown.stdout.split(separator: "\n").count == count + 2)
        let both = try CLI.run(["scenario", "metrics", "--json", "-", "--markdown"])
        #expect(both.status != 0 && both.stderr.contains("exclude each other"), "\(both.stderr)")
    }
}
