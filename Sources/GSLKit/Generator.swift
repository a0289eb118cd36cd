import CGSL

/// A GSL bit generator, chosen by name (`--rng NAME`, `generator:` in a scenario).
///
/// The default is `taus2` (L'Ecuyer's maximally equidistributed Tausworthe generator, period
/// ≈ 2⁸⁸): it passes the standard batteries and was the fastest of the listed generators in our
/// measurements (README, Performance). `ranlxd2` is the slow, highest-quality reference.
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

    /// Number of seed bits the generator's seeding routine actually uses. GSL takes an
    /// `unsigned long` seed, but most generators keep only its low 32 bits.
    public var seedBits: Int {
        switch self {
        case .taus2, .mt19937, .gfsr4, .ranlxd2, .ranlxs0, .mrg, .ranlux389: return 32
        }
    }
}
