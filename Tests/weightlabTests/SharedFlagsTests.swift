import Foundation
import Testing

/// The shared flags (`--json`, `--force`, `--quiet`, `--threads`, `--seed`) come from one
/// declaration each: every command that takes one shows the same help for it, and `--json PATH`
/// means the same everywhere (a file, or stdout for `-`).
@Suite struct SharedFlagsTests {
    /// Which commands take which shared flag.
    static let takers: [String: [String]] = [
        "--json": ["sample", "analyze", "inspect", "theory"],
        "--force": ["sample", "analyze", "inspect", "theory", "run", "plot", "simulate"],
        "--quiet": ["sample", "analyze", "run", "plot", "simulate", "merge"],
        "--threads": ["sample", "analyze", "run", "simulate", "merge"],
        "--seed": ["sample", "run", "simulate"],
    ]

    /// The help of `flag` in `weightlab help COMMAND`, whitespace collapsed; nil when absent.
    static func help(of flag: String, in command: String) throws -> String? {
        let r = try CLI.run(["help", command])
        let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let start = lines.firstIndex(where: { $0.hasPrefix("  \(flag) ") || $0 == "  \(flag)" }) else { return nil }
        var block = [lines[start]]
        for line in lines[(start + 1)...] {
            guard !line.trimmingCharacters(in: .whitespaces).isEmpty, !line.hasPrefix("  -") else { break }
            block.append(line)
        }
        return block.joined(separator: " ").split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    @Test(arguments: takers.keys.sorted())
    func oneHelpTextPerFlag(_ flag: String) throws {
        var texts: [String: String] = [:]
        for command in Self.takers[flag]! { texts[command] = try Self.help(of: flag, in: command) }
        #expect(texts.count == Self.takers[flag]!.count, "\(flag) missing from: \(Set(Self.takers[flag]!).subtracting(texts.keys))")
        #expect(Set(texts.values).count == 1, "\(flag) differs: \(texts)")
    }

    /// `--json -` puts the JSON, and only it, on stdout; `--json FILE` writes the same JSON to
    /// FILE, and an existing FILE is refused (exit 2, untouched) without --force.
    @Test(arguments: ["theory", "inspect", "sample", "analyze"])
    func jsonMeansTheSameEverywhere(_ command: String) throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let model = dir.file("m.safetensors").path
        #expect(try CLI.run(["sample", "--dist", "gaussian(sigma=1)", "--shape", "16x8", "--quiet", "-o", model]).status == 0)
        func arguments(_ json: String) -> [String] {
            switch command {
            case "theory": return ["theory", "laplace(scale=1)", "--json", json]
            case "inspect": return ["inspect", model, "--json", json]
            case "sample": return ["sample", "--dist", "gaussian(sigma=1)", "--shape", "4x4", "-o", dir.file("\(UUID()).safetensors").path, "--json", json]
            default: return ["analyze", model, "--moments-only", "--json", json]
            }
        }
        let printed = try CLI.run(arguments("-"))
        #expect(printed.status == 0, "\(printed.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(printed.stdout.utf8)) as? [String: Any]
        #expect(object != nil, "stdout is not one JSON object: \(printed.stdout.prefix(200))")
        let file = dir.file("out.json")
        let written = try CLI.run(arguments(file.path))
        #expect(written.status == 0, "\(written.stderr)")
        let fromFile = try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any]
        #expect(fromFile != nil)
        if command != "sample" { #expect(NSDictionary(dictionary: fromFile ?? [:]) == NSDictionary(dictionary: object ?? [:])) }
        try Data("keep".utf8).write(to: file)
        let refused = try CLI.run(arguments(file.path))
        #expect(refused.status == 2 && refused.stderr.contains(file.path), "\(refused.status): \(refused.stderr)")
        #expect(try Data(contentsOf: file) == Data("keep".utf8))
    }

    /// A checkpoint needs a file beside it: `--resume` or `--shard` with `--json -` is bad input.
    @Test func resumeNeedsAJSONFile() throws {
        let r = try CLI.run(["analyze", "m.safetensors", "--json", "-", "--resume"])
        #expect(r.status == 2 && r.stderr.contains("--json FILE"), "\(r.stderr)")
    }
}
