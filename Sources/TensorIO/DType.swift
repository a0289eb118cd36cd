/// Element types WeightLab reads and writes, named as in safetensors.
public enum DType: String, Sendable, Codable, CaseIterable {
    case f16 = "F16"
    case bf16 = "BF16"
    case f32 = "F32"
    case f64 = "F64"

    /// Bytes per element.
    public var byteWidth: Int {
        switch self {
        case .f16, .bf16: return 2
        case .f32: return 4
        case .f64: return 8
        }
    }

    /// The command-line spelling: `f16`, `bf16`, `f32`, `f64`.
    public var cliName: String { rawValue.lowercased() }

    /// Parses the command-line spelling.
    public init?(cliName: String) {
        self.init(rawValue: cliName.uppercased())
    }

    /// The NumPy `descr` of the type in `.npy` files (`<f2`, `<f4`, `<f8`); nil for bf16, which
    /// NumPy does not have.
    public var npyDescr: String? {
        switch self {
        case .f16: return "<f2"
        case .f32: return "<f4"
        case .f64: return "<f8"
        case .bf16: return nil
        }
    }
}
