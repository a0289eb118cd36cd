/// A parser the fuzz harness drives: each reads untrusted bytes that a user could hand WeightLab.
enum FuzzTarget: String, CaseIterable, Sendable {
    /// A safetensors file: 8-byte header length, JSON header, tensor data (`SafetensorsFile`).
    case safetensors
    /// A .npy file, versions 1–3 (`NpyFile`).
    case npy
    /// A GGUF file, versions 2–3 (`GGUFFile`), every decodable tensor dequantised.
    case gguf
    /// An ONNX model (`OnnxFile`): the protobuf wire format, initializers and constants decoded.
    case onnx
    /// A scenario YAML document (`ScenarioLoader.parse`), including its validation.
    case scenario
    /// A PyTorch checkpoint, zip or legacy: archive, restricted pickle, storages (`PyTorchFile`).
    case pytorch
    /// A law specification such as `wstar(sigma=0.02, c=2.5)` (`parseLaw`).
    case law

    /// The extension the harness gives the temporary file it writes the bytes to.
    var fileExtension: String {
        switch self {
        case .safetensors: return "safetensors"
        case .npy: return "npy"
        case .gguf: return "gguf"
        case .onnx: return "onnx"
        case .scenario: return "yaml"
        case .law: return "txt"
        case .pytorch: return "pt"
        }
    }
}

extension FuzzTarget {
    /// The target of this fuzzing process, set once before libFuzzer starts calling back.
    nonisolated(unsafe) static var current: FuzzTarget = .safetensors
}
