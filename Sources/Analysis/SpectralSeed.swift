import GSLKit

/// Seeds of the spectral randomisations (bootstrap, permuted W), reproducible from the tensor's
/// name: the same mixing as `Sampling.SeedTree` (which Analysis does not import), so that
/// `SpectralSeed.seed(root: r, path: [name, "bootstrap"])` equals
/// `SeedTree(root: r).child(name).child("bootstrap").seed`.
/// ```
/// state₀ = mix(root ⊕ 0x5741_4C42);  stateₖ₊₁ = mix(stateₖ ⊕ mix(FNV-1a(componentₖ)))
/// seed = mix(state ⊕ 0xD1B5_4A32_D192_ED03),   mix = SplitMix64's step
/// ```
public enum SpectralSeed {
    public static func seed(root: UInt64, path: [String]) -> UInt64 {
        var state = SplitMix64.mix(root ^ 0x5741_4C42)
        for c in path { state = SplitMix64.mix(state ^ SplitMix64.mix(FNV1a.hash(c))) }
        return SplitMix64.mix(state ^ 0xD1B5_4A32_D192_ED03)
    }
}
