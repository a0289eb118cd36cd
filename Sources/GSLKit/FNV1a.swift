/// 64-bit FNV-1a of a text's UTF-8 bytes: a hash that is the same in every process and on every
/// machine (unlike `Hasher`), for seed paths (`Sampling.SeedTree`, `Analysis.SpectralSeed`) and
/// for the fingerprints that tell a checkpoint which run it belongs to.
///
/// ```
/// h₀ = 0xCBF29CE484222325;  hᵢ₊₁ = (hᵢ ⊕ byteᵢ)·0x100000001B3  (mod 2⁶⁴)
/// ```
public enum FNV1a {
    public static func hash(_ text: String) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in text.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        return h
    }

    /// The hash in lowercase hexadecimal, without leading zeros (a checkpoint's key).
    public static func hex(_ text: String) -> String { String(hash(text), radix: 16) }
}
