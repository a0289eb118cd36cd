import Foundation

#if FUZZING
/// libFuzzer's driver, entered from our own `main` (SwiftPM owns the executable's entry point).
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt
#endif

/// The fuzz harness's entry point.
///
/// Built with `-sanitize=fuzzer -DFUZZING` (scripts/fuzz) it hands control to libFuzzer, fuzzing
/// the parser named by `WEIGHTLAB_FUZZ_TARGET`. Built normally it replays inputs:
/// `weightlab-fuzz TARGET FILE…` prints each file's outcome, so a crash input can be rerun under
/// a debugger.
@main
enum FuzzMain {
    static func main() {
        #if FUZZING
        guard let target = FuzzTarget(rawValue: ProcessInfo.processInfo.environment["WEIGHTLAB_FUZZ_TARGET"] ?? "") else {
            fail("set WEIGHTLAB_FUZZ_TARGET to one of \(FuzzTarget.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        FuzzTarget.current = target
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv) { bytes, size in
            let data = bytes.map { Data(bytes: $0, count: size) } ?? Data()
            _ = FuzzHarness.run(FuzzTarget.current, data)
            return 0
        })
        #else
        let arguments = CommandLine.arguments.dropFirst()
        guard let name = arguments.first, let target = FuzzTarget(rawValue: name), arguments.count > 1 else {
            fail("usage: weightlab-fuzz \(FuzzTarget.allCases.map(\.rawValue).joined(separator: "|")) FILE…")
        }
        for path in arguments.dropFirst() {
            guard let data = FileManager.default.contents(atPath: path) else { fail("cannot read \(path)") }
            switch FuzzHarness.run(target, data) {
            case .accepted: print("\(path): accepted")
            case let .rejected(message): print("\(path): rejected: \(message)")
            }
        }
        #endif
    }

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("weightlab-fuzz: \(message)\n".utf8))
        exit(2)
    }
}
