/// Vigna's SplitMix64: a 64-bit counter passed through a bijective finaliser with full avalanche.
/// WeightLab uses it to spread a 64-bit seed over a generator's whole state (``RandomEngine``)
/// and to mix seed paths (`Sampling.SeedTree`).
///
/// ```
/// stateₖ₊₁ = stateₖ + γ,   γ = 0x9E3779B97F4A7C15
/// outputₖ  = fin(stateₖ₊₁)
/// fin(z): z ← (z ⊕ z≫30)·0xBF58476D1CE4E5B9; z ← (z ⊕ z≫27)·0x94D049BB133111EB; z ⊕ z≫31
/// ```
public struct SplitMix64: Sendable {
    /// The Weyl-sequence increment γ = 2⁶⁴/φ (odd).
    public static let gamma: UInt64 = 0x9E37_79B9_7F4A_7C15

    @usableFromInline var state: UInt64

    /// A stream starting at `seed`: its first output is ``mix(_:)`` of the seed.
    public init(seed: UInt64) { state = seed }

    /// The next 64-bit output.
    @inlinable public mutating func next() -> UInt64 {
        state &+= SplitMix64.gamma
        return SplitMix64.finalize(state)
    }

    /// The next output's high 32 bits (the better-mixed half), as a GSL word.
    @inlinable public mutating func next32() -> UInt { UInt(next() >> 32) }

    /// One SplitMix64 step from `x`: fin(x + γ), a bijection on 64 bits.
    @inlinable public static func mix(_ x: UInt64) -> UInt64 { finalize(x &+ gamma) }

    /// The finaliser alone (Stafford's "Mix13" variant).
    @inlinable public static func finalize(_ x: UInt64) -> UInt64 {
        var z = x
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
