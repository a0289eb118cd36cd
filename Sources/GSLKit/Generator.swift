import CGSL

/// A GSL bit generator, chosen by name (`--rng NAME`, `generator:` in a scenario).
///
/// The default is `taus2` (L'Ecuyer's maximally equidistributed Tausworthe generator, period
/// ≈ 2⁸⁸): it passes the standard batteries and was the fastest of the listed generators in our
/// measurements (README, Performance). `ranlxd2` is the slow, highest-quality reference.
///
/// Seeding (see ``RandomEngine/init(_:seed:)``): `taus2`, `mt19937`, `gfsr4` and `mrg` have their
/// whole state filled from a SplitMix64 stream of the 64-bit seed (``seedsFullState``); the RANLUX
/// family (`ranlxd2`, `ranlxs0`, `ranlux389`), whose state GSL derives from at most 32 seed bits
/// anyway, is seeded through `gsl_rng_set` with the seed reduced to ``gslSeedSpace``.
public enum Generator: String, CaseIterable, Sendable, Codable {
    case taus2
    case mt19937
    case gfsr4
    case ranlxd2
    case ranlxs0
    case mrg
    case ranlux389

    /// The generator WeightLab uses when none is named.
    public static let `default`: Generator = .taus2

    var type: UnsafePointer<gsl_rng_type> {
        switch self {
        case .taus2: return wl_rng_taus2()
        case .mt19937: return wl_rng_mt19937()
        case .gfsr4: return wl_rng_gfsr4()
        case .ranlxd2: return wl_rng_ranlxd2()
        case .ranlxs0: return wl_rng_ranlxs0()
        case .mrg: return wl_rng_mrg()
        case .ranlux389: return wl_rng_ranlux389()
        }
    }

    /// Whether an engine fills this generator's whole state from all 64 bits of its seed: true
    /// for taus2, mt19937, gfsr4 and mrg when the linked GSL's state size (`gsl_rng_size`) and
    /// name match the state layout WeightLab writes (GSL 2.x), checked once per process.
    public var seedsFullState: Bool { Generator.verifiedLayouts.contains(self) }

    /// Number of distinct seeds `gsl_rng_set` tells apart for this generator (seeds are taken
    /// modulo it; 0 means GSL's default seed): 2³² for ranlxd2, 2³¹ for ranlxs0 (31 seed bits),
    /// 2147483563 for ranlux389 (an L'Ecuyer LCG modulus), 2³² for the others.
    public var gslSeedSpace: UInt64 {
        switch self {
        case .ranlxs0: return 1 << 31
        case .ranlux389: return 2_147_483_563
        case .taus2, .mt19937, .gfsr4, .ranlxd2, .mrg: return 1 << 32
        }
    }

    /// Effective seed bits: 64 with full-state seeding, otherwise log₂ of the seeds GSL tells
    /// apart (two different 64-bit seeds then share a stream with probability ≈ 2^−seedBits).
    public var seedBits: Int { seedsFullState ? 64 : 64 - (gslSeedSpace - 1).leadingZeroBitCount }

    /// The size of the state struct WeightLab writes (nil: seeded through `gsl_rng_set` only).
    var stateMirrorSize: Int? {
        switch self {
        case .taus2: return wl_taus_state_size()
        case .mt19937: return wl_mt_state_size()
        case .gfsr4: return wl_gfsr4_state_size()
        case .mrg: return wl_mrg_state_size()
        case .ranlxd2, .ranlxs0, .ranlux389: return nil
        }
    }

    /// Number of state words a full-state seeding writes.
    var stateWordCount: Int? {
        switch self {
        case .taus2: return 3
        case .mt19937: return 624
        case .gfsr4: return 16384
        case .mrg: return 5
        case .ranlxd2, .ranlxs0, .ranlux389: return nil
        }
    }

    private static let verifiedLayouts: Set<Generator> = Set(allCases.filter { generator in
        guard let size = generator.stateMirrorSize, let rng = gsl_rng_alloc(generator.type) else { return false }
        defer { gsl_rng_free(rng) }
        return gsl_rng_size(rng) == size && String(cString: gsl_rng_name(rng)) == generator.rawValue
    })
}
