import Distributions
import Foundation
import GSLKit
import ScenarioKit
import TensorIO

/// Feeds one input to one parser and goes on to use whatever the parser accepted (decode every
/// tensor, evaluate the law), so that a reader which accepts a lying header is caught when the
/// data is touched, not only when the header is parsed.
enum FuzzHarness {
    /// Where file-based readers get their bytes: a per-process file, in memory where the
    /// machine has /dev/shm.
    static let scratchDirectory: URL = {
        let shm = URL(fileURLWithPath: "/dev/shm", isDirectory: true)
        return FileManager.default.isWritableFile(atPath: shm.path) ? shm : FileManager.default.temporaryDirectory
    }()

    static func run(_ target: FuzzTarget, _ data: Data) -> FuzzOutcome {
        switch target {
        case .safetensors: return withScratchFile(data, target) { readSafetensors($0) }
        case .npy: return withScratchFile(data, target) { readNpy($0) }
        case .gguf: return withScratchFile(data, target) { readGGUF($0) }
        case .onnx: return withScratchFile(data, target) { readOnnx($0) }
        case .scenario: return parseScenario(String(decoding: data, as: UTF8.self))
        case .law: return evaluateLaw(String(decoding: data, as: UTF8.self))
        case .pytorch: return withScratchFile(data, target) { readPyTorch($0) }
        }
    }

    private static func withScratchFile(_ data: Data, _ target: FuzzTarget, _ body: (URL) -> FuzzOutcome) -> FuzzOutcome {
        let url = scratchDirectory.appendingPathComponent("weightlab-fuzz-\(getpid()).\(target.fileExtension)")
        defer { try? FileManager.default.removeItem(at: url) }
        do { try data.write(to: url) } catch { return .rejected(message: "could not write the scratch file: \(error)") }
        return body(url)
    }

    /// Opens the file strictly and decodes every tensor. Whatever the strict open rejects is
    /// opened again skipping bad tensors, and every tensor kept is decoded too: that path must be
    /// as safe. A file the strict open accepts must give the same tensors with nothing skipped.
    private static func readSafetensors(_ url: URL) -> FuzzOutcome {
        let lenient = try? SafetensorsFile(url: url, skippingBadTensors: true)
        for tensor in lenient?.tensors ?? [] { _ = try? lenient?.values(tensor.name, as: Double.self) }
        do {
            let file = try SafetensorsFile(url: url)
            for tensor in file.tensors { _ = try file.values(tensor.name, as: Double.self) }
            guard let lenient, lenient.tensors == file.tensors, lenient.skipped.isEmpty, lenient.unsupported == file.unsupported else {
                fatalError("skippingBadTensors disagrees with the strict open of a valid file")
            }
            return .accepted
        } catch {
            return .rejected(message: String(describing: error))
        }
    }

    /// Like safetensors: the lenient open's tensors are all decoded, and a file the strict open
    /// accepts must give the same tensors with nothing skipped.
    private static func readPyTorch(_ url: URL) -> FuzzOutcome {
        let lenient = try? PyTorchFile(url: url, skippingBadTensors: true)
        for tensor in lenient?.tensors ?? [] { _ = try? lenient?.values(tensor.name, as: Double.self) }
        do {
            let file = try PyTorchFile(url: url)
            for tensor in file.tensors { _ = try file.values(tensor.name, as: Double.self) }
            guard let lenient, lenient.tensors == file.tensors, lenient.skipped.isEmpty else {
                fatalError("skippingBadTensors disagrees with the strict open of a valid PyTorch file")
            }
            return .accepted
        } catch {
            return .rejected(message: String(describing: error))
        }
    }

    private static func readNpy(_ url: URL) -> FuzzOutcome {
        do {
            let file = try NpyFile(url: url)
            _ = try file.values(as: Double.self)
            return .accepted
        } catch {
            return .rejected(message: String(describing: error))
        }
    }

    /// Opens the file and decodes every tensor it calls readable, in Float and (for F64) Double.
    private static func readGGUF(_ url: URL) -> FuzzOutcome {
        do {
            let file = try GGUFFile(url: url)
            for tensor in file.tensors {
                let values = try file.values(tensor.name, as: Float.self)
                guard values.count == tensor.count else { fatalError("GGUF tensor '\(tensor.name)' decoded to \(values.count) values, not \(tensor.count)") }
                if tensor.dtype == .f64 { _ = try file.values(tensor.name, as: Double.self) }
            }
            for (key, value) in file.metadata { _ = (key, value.summary()) }
            return .accepted
        } catch {
            return .rejected(message: String(describing: error))
        }
    }

    /// Opens the model and decodes every tensor it calls readable.
    private static func readOnnx(_ url: URL) -> FuzzOutcome {
        do {
            let file = try OnnxFile(url: url)
            for tensor in file.tensors {
                let values = try file.values(tensor.name, as: Double.self)
                guard values.count == tensor.count else { fatalError("ONNX tensor '\(tensor.name)' decoded to \(values.count) values, not \(tensor.count)") }
            }
            return .accepted
        } catch {
            return .rejected(message: String(describing: error))
        }
    }

    private static func parseScenario(_ text: String) -> FuzzOutcome {
        do {
            _ = try ScenarioLoader.parse(text, file: "fuzz.yaml")
            return .accepted
        } catch {
            return .rejected(message: String(describing: error))
        }
    }

    /// Parses a law and exercises everything a sample or an analysis would ask of it.
    private static func evaluateLaw(_ text: String) -> FuzzOutcome {
        do {
            let law = try parseLaw(text)
            _ = law.moments
            for x in [-3.0, -0.5, 0, 0.25, 2] { _ = (law.pdf(x), law.cdf(x), law.survival(x)) }
            for p in [0.001, 0.3, 0.5, 0.97] { _ = law.quantile(p) }
            _ = law.samples(64, using: RandomEngine(seed: 1))
            return .accepted
        } catch {
            return .rejected(message: String(describing: error))
        }
    }
}
