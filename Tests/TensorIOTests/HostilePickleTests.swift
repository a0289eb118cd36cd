import Foundation
import Testing
@testable import TensorIO

/// Pickles that would run code under Python's own unpickler are refused before anything runs:
/// each payload runs `touch MARKER`, and the marker must not exist after WeightLab read the file.
/// Where python3 is present, the same bytes given to `pickle.loads` do create a marker, which
/// shows the payloads are live.
@Suite struct HostilePickleTests {
    static func opcode(_ s: String) -> [UInt8] { Array(s.utf8) }
    static func unicode(_ s: String) -> [UInt8] {
        let b = Array(s.utf8)
        return [0x58] + withUnsafeBytes(of: UInt32(b.count).littleEndian, Array.init) + b
    }

    /// `module.name(argument)` as a protocol-2 pickle (GLOBAL) or through STACK_GLOBAL.
    static func payload(_ module: String, _ name: String, _ argument: String, stackGlobal: Bool = false) -> [UInt8] {
        let callee = stackGlobal ? unicode(module) + unicode(name) + [0x93] : opcode("c\(module)\n\(name)\n")
        return [0x80, 0x02] + callee + unicode(argument) + [0x85, 0x52, 0x2E]
    }

    static func payloads(marker: String) -> [(String, [UInt8])] {
        [
            ("os.system", payload("os", "system", "touch \(marker)")),
            ("posix.system", payload("posix", "system", "touch \(marker)")),
            ("builtins.eval", payload("builtins", "eval", "__import__('os').system('touch \(marker)')")),
            ("STACK_GLOBAL", payload("os", "system", "touch \(marker)", stackGlobal: true)),
        ]
    }

    @Test func codeInPicklesNeverRuns() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let marker = dir.file("weightlab-pwned").path
        for (label, bytes) in Self.payloads(marker: marker) {
            let legacy = dir.file("\(label).pt"), zipped = dir.file("\(label)-zip.pt")
            try Data(bytes).write(to: legacy)
            try StoredZip.make([("archive/data.pkl", bytes), ("archive/byteorder", Array("little".utf8))]).write(to: zipped)
            for url in [legacy, zipped] {
                #expect(throws: TensorIOError.self, "\(label)") { try PyTorchFile(url: url) }
                do { _ = try PyTorchFile(url: url) } catch {
                    guard case let .pickleRejected(_, offset, reason) = error else {
                        Issue.record("\(label): \(error)")
                        continue
                    }
                    #expect(offset > 0 && reason.contains(label.hasPrefix("STACK") ? "STACK_GLOBAL" : label), "\(label): \(reason)")
                }
                _ = try? Checkpoint(url: url, skippingBadTensors: true)
            }
            #expect(!FileManager.default.fileExists(atPath: marker), "\(label) ran")
        }
        // The payloads are live: Python's unpickler runs them (skipped without python3).
        let (status, _) = try run("python3", ["-c", "import pickle,sys; pickle.loads(open(sys.argv[1],'rb').read())", dir.file("os.system.pt").path])
        if status == 0 || FileManager.default.fileExists(atPath: marker) {
            #expect(FileManager.default.fileExists(atPath: marker), "python3 unpickled the os.system payload without running it")
        }
    }

    /// Deep nesting and cycles cost memory in proportion to the pickle and never recurse.
    @Test func deepAndCyclicObjectsAreHarmless() throws {
        // 200 000 nested 1-tuples, then a list that contains itself.
        let nested: [UInt8] = [0x80, 0x02, 0x4E] + [UInt8](repeating: 0x85, count: 200_000) + [0x2E]
        let bytes = Data(nested)
        let value = try bytes.withUnsafeBytes { raw in
            var machine = PickleMachine(bytes: raw, base: 0, file: "nested")
            let value = try machine.load()
            #expect(machine.nodes.count == 200_000)
            return value
        }
        #expect(value == .node(199_999))
        // d = {}; d['a'] = d: followed once, no tensors, no hang.
        let cyclic: [UInt8] = [0x80, 0x02, 0x7D, 0x71, 0x00] + Self.unicode("a") + [0x68, 0x00, 0x73, 0x2E]
        try Data(cyclic).withUnsafeBytes { raw in
            var machine = PickleMachine(bytes: raw, base: 0, file: "cyclic")
            #expect(try machine.load() == .node(0))
            let state = try PyTorchStateDict(root: .node(0), nodes: machine.nodes, file: "cyclic")
            #expect(state.records.isEmpty && state.problems.isEmpty)
        }
    }

    /// Memo indices and lengths are checked before use, with the opcode's byte offset.
    @Test(arguments: [
        ([0x80, 0x02, 0x68, 0x05, 0x2E] as [UInt8], 2, "memo index 5"),
        ([0x80, 0x02, 0x58, 0xFF, 0xFF, 0xFF, 0x7F, 0x61, 0x2E], 2, "BINUNICODE declares"),
        ([0x80, 0x02, 0x8A, 0xC8, 0x01, 0x2E], 2, "only 2 bytes"),
        ([0x80, 0x02, 0x4E, 0x95, 0x2E], 3, "FRAME"),
        ([0x80, 0x02, 0x4E, 0x4E], 4, "ends before"),
    ])
    func boundsAreChecked(bytes: [UInt8], offset: Int, message: String) throws {
        let result: Result<PickleValue, TensorIOError> = Data(bytes).withUnsafeBytes { raw in
            var machine = PickleMachine(bytes: raw, base: 0, file: "f")
            do throws(TensorIOError) { return .success(try machine.load()) } catch { return .failure(error) }
        }
        guard case let .failure(.pickleRejected(_, at, reason)) = result else {
            Issue.record("\(result)")
            return
        }
        #expect(at == offset && reason.contains(message), "\(at): \(reason)")
    }
}
