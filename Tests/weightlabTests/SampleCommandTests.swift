import Foundation
import Testing

@Suite(.serialized) struct SampleCommandTests {
    @Test func sameSeedSameBytesForAnyThreadCount() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let spec = "wstar(sigma=0.02, c=2.5, sparsity=0.5, outliers=0.001, outlier_scale=8)"
        var files: [Data] = []
        for (i, threads) in ["1", "2", "4"].enumerated() {
            let r = try CLI.run(["sample", "--dist", spec, "--shape", "512x300", "--layers", "3", "--seed", "7",
                                 "--threads", threads, "--quiet", "--output", dir.file("w\(i).safetensors").path])
            #expect(r.status == 0, "\(r.stderr)")
            files.append(try Data(contentsOf: dir.file("w\(i).safetensors")))
        }
        #expect(files[0] == files[1])
        #expect(files[0] == files[2])
        let other = try CLI.run(["sample", "--dist", spec, "--shape", "512x300", "--layers", "3", "--seed", "8",
                                 "--quiet", "--output", dir.file("w8.safetensors").path])
        #expect(other.status == 0)
        #expect(try Data(contentsOf: dir.file("w8.safetensors")) != files[0])
    }

    @Test func theoryPrintsClosedFormMoments() throws {
        let r = try CLI.run(["theory", "truncated(sigma=1, c=2)", "--json", "-"])
        #expect(r.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        let kurtosis = try #require(object?["kurtosis"] as? Double)
        #expect(abs(kurtosis - 2.366) < 0.0005)
    }

    /// Bad input: a one-line error naming the problem, exit status 2, no output file left behind.
    /// Each case gives the arguments, the output file name and the expected message fragment.
    static let badInputs: [([String], String, String)] = [
        (["--dist", "cauchy(scale=1)", "--shape", "10x10"], "out.safetensors", "unknown law 'cauchy'"),
        (["--dist", "gaussian(sigma=0)", "--shape", "10x10"], "out.safetensors", "'sigma' must be finite and > 0"),
        (["--dist", "gaussian()", "--shape", "10x10"], "out.safetensors", "missing parameter 'sigma'"),
        (["--dist", "wstar(sigma=1, c=2, sparsity=1)", "--shape", "10x10"], "out.safetensors", "'sparsity' must be in [0, 1)"),
        (["--dist", "truncated(sigma=1, a=2, b=1)", "--shape", "10x10"], "out.safetensors",
         "parameter 'a' must be below b; the window [a, b] = [2.0, 1.0] is empty"),
        (["--dist", "truncated(sigma=1, a=40, b=41)", "--shape", "10x10"], "out.safetensors", "holds no probability mass"),
        (["--dist", "gaussian(sigma=1e308)", "--shape", "10x10"], "out.safetensors", "'sigma' must be in [1e-30, 1e30]"),
        (["--dist", "gennorm(beta=0.001, scale=1)", "--shape", "10x10"], "out.safetensors", "'beta' must be in [0.02, 20]"),
        (["--dist", "studentt(nu=1e-300)", "--shape", "10x10"], "out.safetensors", "'nu' must be ≥ 0.1"),
        (["--dist", "gaussian(sigma=1)", "--shape", "10xx10"], "out.safetensors", "--shape '10xx10': dimension 2 is empty; need positive integers like 4096x4096"),
        (["--dist", "gaussian(sigma=1)", "--shape", "0x3"], "out.safetensors", "--shape '0x3': dimension 1 is 0; need positive integers like 4096x4096"),
        (["--dist", "gaussian(sigma=1)", "--shape", "3x"], "out.safetensors", "--shape '3x': dimension 2 is empty"),
        (["--dist", "gaussian(sigma=1)", "--shape", "axb"], "out.safetensors", "--shape 'axb': dimension 1 'a' is not an integer"),
        (["--dist", "gaussian(sigma=1)", "--shape", "2097152x2097152"], "out.safetensors", "more than 2^40 values"),
        (["--dist", "gaussian(sigma=1)", "--shape", "10x10", "--dtype", "f8"], "out.safetensors", "--dtype"),
        (["--dist", "gaussian(sigma=1)", "--shape", "10x10", "--layers", "0"], "out.safetensors", "--layers"),
        (["--dist", "gaussian(sigma=1)", "--shape", "10x10", "--threads", "0"], "out.safetensors", "--threads"),
        (["--dist", "gaussian(sigma=1)", "--shape", "10x10", "--rng", "mt19938"], "out.safetensors",
         "invalid for '--rng <rng>'. Please provide one of the following: taus2, mt19937"),
        (["--dist", "gaussian(sigma=1)", "--shape", "10x10"], "out.txt", "--output must end in .safetensors or .npy"),
        (["--dist", "gaussian(sigma=1)", "--shape", "10x10", "--layers", "2"], "out.npy", "an .npy file holds one tensor"),
        (["--dist", "gaussian(sigma=1)", "--shape", "10x10", "--dtype", "bf16"], "out.npy", ".npy has no bf16 type"),
    ]

    @Test(arguments: badInputs.indices)
    func badInputExitsTwoWithOneLineAndLeavesNoFile(_ i: Int) throws {
        let (arguments, file, expected) = Self.badInputs[i]
        let dir = try TempDir()
        defer { dir.cleanup() }
        let r = try CLI.run(["sample"] + arguments + ["--output", dir.file(file).path])
        #expect(r.status == 2, "\(arguments): status \(r.status), \(r.stderr)")
        #expect(r.stderr.contains(expected), "\(arguments): \(r.stderr)")
        let lines = r.stderr.split(separator: "\n")
        #expect(lines.count == 1 && lines[0].hasPrefix("weightlab: "), "\(arguments): \(lines.count) lines: \(r.stderr)")
        #expect(!r.stderr.contains("Usage:") && !r.stderr.contains("Help:"), "\(arguments): \(r.stderr)")
        #expect(dir.contents.isEmpty, "\(arguments): left \(dir.contents)")
    }

    @Test func unwritableOutputExitsTwo() throws {
        let r = try CLI.run(["sample", "--dist", "gaussian(sigma=1)", "--shape", "4x4", "--output", "/nonexistent-dir/x.safetensors"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("/nonexistent-dir/x.safetensors: cannot write"))
    }

    /// An output larger than the free space (here 10⁵ tensors of 10¹⁰ f32 values, 4 PB) is refused
    /// before anything is written, naming both sizes, instead of filling the disk first.
    @Test func outputLargerThanTheDiskIsRefusedAtOnce() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let out = dir.file("huge.safetensors")
        let r = try CLI.run(["sample", "--dist", "gaussian(sigma=1)", "--shape", "100000x100000", "--layers", "100000", "--output", out.path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("the output needs 3.6 PiB but only"), "\(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.url.path).isEmpty)
    }

    /// A full disk, simulated with a file-size limit (`ulimit -f`, SIGXFSZ ignored so that write(2)
    /// fails with EFBIG as it fails with ENOSPC on a full disk; 2 MiB, so that sanitizer runtimes,
    /// which also write files, still start): a clear error, exit 2, and
    /// neither the output nor its temporary file left behind.
    @Test func fullDiskLeavesNoPartialFile() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let out = dir.file("big.safetensors").path
        let command = "trap '' XFSZ; ulimit -f 4096; exec '\(CLI.binary.path)' sample --dist 'gaussian(sigma=1)' --shape 2048x2048 --quiet --output '\(out)'"
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", command]
        let err = Pipe()
        p.standardError = err
        try p.run()
        let e = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationReason == .exit && p.terminationStatus == 2, "status \(p.terminationStatus): \(e)")
        #expect(e.contains(out) && e.contains("cannot write"), "\(e)")
        #expect(dir.contents.isEmpty, "left \(dir.contents)")
    }

    /// A directory that is a file: the error names the path, exit 2.
    @Test func outputUnderAFileExitsTwo() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        try Data("x".utf8).write(to: dir.file("plain"))
        let r = try CLI.run(["sample", "--dist", "gaussian(sigma=1)", "--shape", "4x4", "--output", dir.file("plain/x.npy").path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("plain/x.npy"), "\(r.stderr)")
        #expect(dir.contents == ["plain"])
    }

    @Test func existingOutputNeedsForce() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let out = dir.file("x.npy").path
        #expect(try CLI.run(["sample", "--dist", "gaussian(sigma=1)", "--shape", "4x4", "--quiet", "--output", out]).status == 0)
        let before = try Data(contentsOf: dir.file("x.npy"))
        let again = try CLI.run(["sample", "--dist", "gaussian(sigma=2)", "--shape", "4x4", "--output", out])
        #expect(again.status == 2)
        #expect(again.stderr.contains("--force"))
        #expect(try Data(contentsOf: dir.file("x.npy")) == before)
        #expect(try CLI.run(["sample", "--dist", "gaussian(sigma=2)", "--shape", "4x4", "--force", "--quiet", "--output", out]).status == 0)
        #expect(try Data(contentsOf: dir.file("x.npy")) != before)
        #expect(dir.contents == ["x.npy"])
    }
}
