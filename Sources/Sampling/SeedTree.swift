import GSLKit

/// Reproducible randomness: a root seed and a path of names and indices (tensor name / block /
/// replicate …) determine a child seed, as in NumPy's `SeedSequence.spawn`.
///
/// Each step mixes the component into a 64-bit state with the SplitMix64 finaliser, so
/// neighbouring roots or indices give unrelated seeds:
/// ```
/// state₀ = mix(root ⊕ 0x5741_4C42)            (a fixed domain tag)
/// stateₖ₊₁ = mix(stateₖ ⊕ mix(h(componentₖ)))   h = FNV-1a for names, i + 0x9E37… for indices
/// seed = mix(state)
/// mix(z): z ← (z ⊕ z≫30)·0xBF58476D1CE4E5B9; z ← (z ⊕ z≫27)·0x94D049BB133111EB; z ⊕ z≫31
/// ```
/// The default generators take all 64 bits of the seed (``Generator/seedsFullState``): two
/// different paths share a stream only if their 64-bit seeds collide (probability 2⁻⁶⁴ per pair).
/// The RANLUX generators are limited by GSL to about 2³¹ seeds (``Generator/seedBits``).
public struct SeedTree: Sendable, Hashable, CustomStringConvertible {
    /// The root seed the user gave.
    public let root: UInt64
    /// The path from the root, for messages and reports.
    public let path: [String]
    private let state: UInt64

    /// The root of a tree.
    public init(root: UInt64) {
        self.root = root
        self.path = []
        self.state = SeedTree.mix(root ^ 0x5741_4C42)
    }

    private init(root: UInt64, path: [String], state: UInt64) {
        self.root = root
        self.path = path
        self.state = state
    }

    /// The child stream named `component`.
    public func child(_ component: String) -> SeedTree {
        SeedTree(root: root, path: path + [component], state: SeedTree.mix(state ^ SeedTree.mix(FNV1a.hash(component))))
    }

    /// The child stream with index `index` (block, replicate, layer …).
    public func child(_ index: Int) -> SeedTree {
        SeedTree(root: root, path: path + [String(index)],
                 state: SeedTree.mix(state ^ SeedTree.mix(UInt64(bitPattern: Int64(index)) &+ 0x9E37_79B9_7F4A_7C15)))
    }

    /// The seed of this node.
    public var seed: UInt64 { SeedTree.mix(state ^ 0xD1B5_4A32_D192_ED03) }

    /// A fresh engine seeded from this node.
    public func engine(_ generator: Generator = .default) -> RandomEngine { RandomEngine(generator, seed: seed) }

    public var description: String { "seed \(root)" + (path.isEmpty ? "" : " / " + path.joined(separator: "/")) }

    /// SplitMix64's output function: a bijection on 64 bits with full avalanche.
    @inlinable static func mix(_ x: UInt64) -> UInt64 { SplitMix64.mix(x) }

}
