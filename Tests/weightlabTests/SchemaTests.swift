import Foundation
import Testing

/// `weightlab scenario schema` is a JSON Schema every shipped scenario satisfies (checked with the
/// Python jsonschema package), and it rejects a scenario with an unknown key.
@Suite struct SchemaTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func shippedScenariosSatisfyTheSchema() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let schema = try CLI.run(["scenario", "schema"])
        #expect(schema.status == 0)
        try schema.stdout.write(to: dir.file("schema.json"), atomically: true, encoding: .utf8)
        let script = """
        import glob, json, sys, yaml, jsonschema
        schema = json.load(open(sys.argv[1]))
        jsonschema.Draft202012Validator.check_schema(schema)
        bad = 0
        for f in sorted(glob.glob(sys.argv[2] + "/*.yaml")):
            errors = list(jsonschema.Draft202012Validator(schema).iter_errors(yaml.safe_load(open(f))))
            for e in errors: print(f, e.message); bad += 1
        broken = yaml.safe_load(open(sorted(glob.glob(sys.argv[2] + "/*.yaml"))[0])); broken["replicats"] = 3
        if not list(jsonschema.Draft202012Validator(schema).iter_errors(broken)): print("unknown key accepted"); bad += 1
        sys.exit(1 if bad else 0)
        """
        try script.write(to: dir.file("check.py"), atomically: true, encoding: .utf8)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", dir.file("check.py").path, dir.file("schema.json").path, Self.root.appendingPathComponent("Scenarios").path]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "\(text) (needs python3 with jsonschema and pyyaml: scripts/setup installs them)")
    }
}
