/// A ggml tensor type as GGUF stores it (the `type` field of a tensor info): its id, name, and
/// block layout, from ggml's `type_traits` (ggml-org/ggml `src/ggml.c`; gguf-py's
/// `GGML_QUANT_SIZES` agrees).
///
/// A tensor of `n` elements per row takes `n / blockSize · typeSize` bytes per row; `n` must be
/// a multiple of `blockSize`. Ids missing from the table (4, 5, 31–33, 36–38: types ggml removed)
/// are unknown and reject the file, as in ggml.
public struct GGUFTensorType: Sendable, Equatable, Hashable {
    public let id: UInt32
    public let name: String
    /// Values per block.
    public let blockSize: Int
    /// Bytes per block.
    public let typeSize: Int

    /// The type with ggml id `id`, or nil for an id ggml does not define.
    public init?(id: UInt32) {
        guard let entry = Self.table[id] else { return nil }
        self.id = id
        (name, blockSize, typeSize) = entry
    }

    /// What the values decode to, when WeightLab decodes this type: the float types as themselves,
    /// every quantisation as F32.
    public var decodedDType: DType? {
        switch name {
        case "F32": return .f32
        case "F16": return .f16
        case "BF16": return .bf16
        case "F64": return .f64
        case "Q4_0", "Q4_1", "Q5_0", "Q5_1", "Q8_0", "Q2_K", "Q3_K", "Q4_K", "Q5_K", "Q6_K": return .f32
        default: return nil
        }
    }

    /// True for the block quantisations (blockSize > 1).
    public var isQuantized: Bool { blockSize > 1 }

    /// id → (name, values per block, bytes per block).
    static let table: [UInt32: (String, Int, Int)] = [
        0: ("F32", 1, 4), 1: ("F16", 1, 2), 2: ("Q4_0", 32, 18), 3: ("Q4_1", 32, 20),
        6: ("Q5_0", 32, 22), 7: ("Q5_1", 32, 24), 8: ("Q8_0", 32, 34), 9: ("Q8_1", 32, 40),
        10: ("Q2_K", 256, 84), 11: ("Q3_K", 256, 110), 12: ("Q4_K", 256, 144), 13: ("Q5_K", 256, 176),
        14: ("Q6_K", 256, 210), 15: ("Q8_K", 256, 292), 16: ("IQ2_XXS", 256, 66), 17: ("IQ2_XS", 256, 74),
        18: ("IQ3_XXS", 256, 98), 19: ("IQ1_S", 256, 50), 20: ("IQ4_NL", 32, 18), 21: ("IQ3_S", 256, 110),
        22: ("IQ2_S", 256, 82), 23: ("IQ4_XS", 256, 136), 24: ("I8", 1, 1), 25: ("I16", 1, 2),
        26: ("I32", 1, 4), 27: ("I64", 1, 8), 28: ("F64", 1, 8), 29: ("IQ1_M", 256, 56),
        30: ("BF16", 1, 2), 34: ("TQ1_0", 256, 54), 35: ("TQ2_0", 256, 66), 39: ("MXFP4", 32, 17),
        40: ("NVFP4", 64, 36), 41: ("Q1_0", 128, 18),
    ]
}
