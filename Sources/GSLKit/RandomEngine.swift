import CGSL

/// An owning handle to one GSL random-number generator.
///
/// The engine is the bit source; the laws in `Distributions` draw from it. It is deliberately not
/// `Sendable`: each thread owns its engines (one per block, see `Sampling.SeedTree`).
///
/// ```
/// engine = RandomEngine(.taus2, seed: s)   // gsl_rng_alloc + gsl_rng_set(s mod 2^32)
/// ```
public final class RandomEngine {
    @usableFromInline let rng: UnsafeMutablePointer<gsl_rng>
    /// The generator this engine runs.
    public let generator: Generator
    /// The seed it was set with.
    public let seed: UInt64

    /// Allocates a generator and seeds it. Seeds are reduced to the generator's seed width
    /// (32 bits for every GSL generator listed in ``Generator``); GSL maps 0 to its default seed.
    public init(_ generator: Generator = .default, seed: UInt64) {
        GSLRuntime.prepare()
        guard let rng = gsl_rng_alloc(generator.type) else {
            fatalError("gsl_rng_alloc failed: out of memory")
        }
        self.rng = rng
        self.generator = generator
        self.seed = seed
        // Keep the low 32 bits; a zero seed would make GSL substitute its default, so map it to 1<<32-1.
        let reduced = seed & 0xFFFF_FFFF
        gsl_rng_set(rng, UInt(reduced == 0 ? 0xFFFF_FFFF : reduced))
    }

    deinit { gsl_rng_free(rng) }

    // MARK: Raw output

    /// Raw generator output in [min, max] (32 bits for taus2/mt19937).
    @inlinable public func nextBits() -> UInt { wl_rng_get(rng) }

    /// Uniform double in [0, 1).
    @inlinable public func uniform() -> Double { wl_rng_uniform(rng) }

    /// Uniform double in (0, 1).
    @inlinable public func uniformPositive() -> Double { gsl_rng_uniform_pos(rng) }

    /// Uniform integer in [0, n).
    @inlinable public func uniformInt(_ n: UInt) -> UInt { gsl_rng_uniform_int(rng, n) }

    // MARK: Laws GSL samples directly

    /// N(0, σ²) by GSL's ziggurat (Marsaglia–Tsang).
    @inlinable public func gaussian(_ sigma: Double = 1) -> Double { gsl_ran_gaussian_ziggurat(rng, sigma) }

    /// Upper tail of N(0, σ²) beyond `a > 0`: GSL's tail sampler (Marsaglia / exponential rejection).
    @inlinable public func gaussianTail(_ a: Double, sigma: Double = 1) -> Double { gsl_ran_gaussian_tail(rng, a, sigma) }

    /// Exponential with mean μ.
    @inlinable public func exponential(_ mu: Double) -> Double { gsl_ran_exponential(rng, mu) }

    /// Laplace with scale a: p(x) = exp(−|x|/a)/(2a).
    @inlinable public func laplace(_ a: Double) -> Double { gsl_ran_laplace(rng, a) }

    /// Exponential power (generalised Gaussian): p(x) ∝ exp(−|x/a|^b).
    @inlinable public func exponentialPower(scale a: Double, shape b: Double) -> Double { gsl_ran_exppow(rng, a, b) }

    /// Student-t with ν degrees of freedom.
    @inlinable public func studentT(_ nu: Double) -> Double { gsl_ran_tdist(rng, nu) }

    /// Gamma with shape k and scale θ.
    @inlinable public func gamma(shape: Double, scale: Double) -> Double { gsl_ran_gamma(rng, shape, scale) }

    /// Log-normal: exp(N(ζ, s²)).
    @inlinable public func lognormal(zeta: Double, sigma: Double) -> Double { gsl_ran_lognormal(rng, zeta, sigma) }

    /// Uniform on [a, b).
    @inlinable public func flat(_ a: Double, _ b: Double) -> Double { gsl_ran_flat(rng, a, b) }

    /// Bernoulli trial with success probability p.
    @inlinable public func bernoulli(_ p: Double) -> Bool { gsl_ran_bernoulli(rng, p) == 1 }

    /// Binomial count of successes in n trials.
    @inlinable public func binomial(_ p: Double, trials n: UInt32) -> UInt32 { gsl_ran_binomial(rng, p, n) }

    /// Random sign ±1 from one raw bit.
    @inlinable public func sign() -> Double { (nextBits() & 1) == 0 ? -1 : 1 }
}
