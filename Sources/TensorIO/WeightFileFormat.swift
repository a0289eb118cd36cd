import Foundation

/// The weight-file formats ``Checkpoint`` opens, chosen by file name: the one place a new reader
/// is registered.
public enum WeightFileFormat: String, Sendable, CaseIterable {
    case safetensors
    case npy
    case gguf
    case onnx
    /// `torch.save` checkpoints, zip or legacy (``PyTorchFile``).
    case pytorch

    /// The format of a file named `url`, or nil when WeightLab reads no such file.
    public init?(url: URL) {
        switch url.pathExtension.lowercased() {
        case "safetensors": self = .safetensors
        case "npy": self = .npy
        case "gguf": self = .gguf
        case "onnx": self = .onnx
        case "bin", "pt", "pth": self = .pytorch
        default: return nil
        }
    }

    /// Opens `url` in this format; `lenient` keeps a file's valid tensors when some entries are bad.
    public func open(_ url: URL, lenient: Bool) throws(TensorIOError) -> any WeightFile {
        switch self {
        case .safetensors: return try SafetensorsFile(url: url, skippingBadTensors: lenient)
        case .npy: return try NpyFile(url: url)
        case .gguf: return try GGUFFile(url: url)
        case .onnx: return try OnnxFile(url: url)
        case .pytorch: return try PyTorchFile(url: url, skippingBadTensors: lenient)
        }
    }
}
