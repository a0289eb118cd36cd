import Foundation
import Testing

/// The spectral options of `weightlab analyze`: the costly parts switch off one by one, the seed
/// reaches the bootstrap and the permutation, and ΔW (`--base`) gets the spectral summary too.
@Suite struct AnalyzeSpectralFlagsTests {
    typealias A = AnalyzeCommandTests

    static func heavyTail(_ url: URL) throws -> [String: [String: Any]] {
        A.tensors(try A.json(url)).compactMapValues { $0["heavy_tail"] as? [String: Any] }
    }

    @Test func flagsSwitchThePartsOffAndTheSeedReachesThem() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        try A.write(A.model(seed: 7), to: dir.file("m.safetensors"))
        let m = dir.file("m.safetensors").path
        for (out, extra) in [("full", [String]()), ("off", ["--bootstrap", "0", "--no-traps", "--no-tail-comparisons"]),
                             ("again", []), ("seeded", ["--spectral-seed", "11"])] {
            let r = try CLI.run(["analyze", m, "--json", dir.file("\(out).json").path, "--quiet"] + extra)
            #expect(r.status == 0, "\(r.stderr)")
        }
        let full = try Self.heavyTail(dir.file("full.json")), off = try Self.heavyTail(dir.file("off.json"))
        #expect(full.count == 6 && off.count == 6)
        for (name, h) in full {
            #expect(h["bootstrap"] != nil && h["traps"] != nil && h["comparisons"] != nil, "\(name)")
            let o = try #require(off[name])
            #expect(o["bootstrap"] == nil && o["traps"] == nil && o["comparisons"] == nil, "\(name)")
            // What does not depend on the switched-off parts is unchanged.
            #expect(o["alpha"] as? Double == h["alpha"] as? Double && o["stable_rank"] as? Double == h["stable_rank"] as? Double)
        }
        // The same seed gives the same bootstrap and permutation; another seed other ones.
        let again = try Self.heavyTail(dir.file("again.json")), seeded = try Self.heavyTail(dir.file("seeded.json"))
        let name = try #require(full.keys.sorted().first)
        let traps = { (h: [String: [String: Any]]) in (h[name]?["traps"] as? [String: Any])?["rand_distance"] as? Double }
        #expect(traps(full) != nil && traps(full) == traps(again))
        #expect(traps(full) != traps(seeded))
        let bad = try CLI.run(["analyze", m, "--bootstrap=-1"])
        #expect(bad.status != 0 && bad.stderr.contains("--bootstrap must be ≥ 0"), "\(bad.stderr)")
    }

    @Test func deltaWeightsGetTheSpectralSummary() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        try A.write(A.model(seed: 1), to: dir.file("base.safetensors"))
        try A.write(A.model(seed: 2, sigma: 0.03), to: dir.file("fine.safetensors"))
        let r = try CLI.run(["analyze", dir.file("fine.safetensors").path, "--base", dir.file("base.safetensors").path,
                             "--json", dir.file("d.json").path, "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        let document = try A.json(dir.file("d.json"))
        let summary = try #require(document["spectral_summary"] as? [[String: Any]], "\(document.keys.sorted())")
        #expect(!summary.isEmpty)
        #expect(try Self.heavyTail(dir.file("d.json")).count == 6)
    }
}
