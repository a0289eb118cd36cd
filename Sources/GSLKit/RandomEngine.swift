import CGSL

/// An owning handle to one GSL random-number generator.
///
/// The engine is the bit source; the laws in `Distributions` draw from it. It is deliberately not
/// `Sendable`: each thread owns its engines (one per block, see `Sampling.SeedTree`).
///
/// ```
/// engine = RandomEngine(.taus2, seed: s)
///   taus2, mt19937, gfsr4, mrg:   whole state ← SplitMix64 stream of the 64-bit s  (see init)
///   ranlxd2, ranlxs0, ranlux389:  gsl_rng_set(1 + s mod (S − 1)),  S = Generator.gslSeedSpace
/// ```
public final class RandomEngine {
    @usableFromInline let rng: UnsafeMutablePointer<gsl_rng>
    /// The generator this engine runs.
    public let generator: Generator
    /// The seed it was set with.
    public let seed: UInt64
    /// The number of uniformly random low bits in each ``nextBits()`` output: 32 for taus2,
    /// mt19937, gfsr4 and ranlxd2, 24 for ranlxs0 and ranlux389, 0 for mrg (whose outputs
    /// span [0, 2³¹ − 2], not a power of two).
    public var uniformBits: Int {
        let min = gsl_rng_min(rng), max = gsl_rng_max(rng)
        guard min == 0, max < UInt.max, (max + 1) & max == 0 else { return 0 }
        return (max + 1).trailingZeroBitCount
    }

    /// Allocates a generator and seeds it from all 64 bits of `seed` where GSL's state allows.
    ///
    /// For generators with ``Generator/seedsFullState`` every state word is drawn from a
    /// SplitMix64 stream started at `seed` (the high 32 bits of each output), rejecting words
    /// that break the generator's constraints, and GSL's own post-seeding steps are repeated:
    /// ```
    /// taus2:   s1 ≥ 2, s2 ≥ 8, s3 ≥ 16 (32-bit), then 6 warm-up steps
    /// mt19937: mt[0…623] (32-bit, not all zero), mti = 624
    /// gfsr4:   ra[0…16383] (32-bit), GSL's orthogonalisation of 32 words, nd = 32
    /// mrg:     x1…x5 ∈ [0, 2³¹ − 1) (31-bit draws), not all zero, then 6 warm-up steps
    /// ```
    /// Different seeds then give different states (a collision needs two SplitMix64 outputs to
    /// agree). The RANLUX family, whose seeding GSL limits to about 31–32 bits, gets
    /// `gsl_rng_set(1 + seed mod (S − 1))` with S = ``Generator/gslSeedSpace``, which avoids
    /// GSL's "0 means the default seed".
    public init(_ generator: Generator = .default, seed: UInt64) {
        rng = RandomEngine.allocate(generator)
        self.generator = generator
        self.seed = seed
        if generator.seedsFullState {
            var words = SplitMix64(seed: seed)
            writeState(RandomEngine.stateWords(generator, from: &words))
        } else {
            let space = generator.gslSeedSpace
            gsl_rng_set(rng, UInt(1 + seed % (space - 1)))
        }
    }

    /// An engine seeded by GSL's own `gsl_rng_set(gslSeed)`, for comparison with GSL's reference
    /// values and other GSL programs. Only 31–32 bits of the seed matter here.
    public init(_ generator: Generator, gslSeed: UInt) {
        rng = RandomEngine.allocate(generator)
        self.generator = generator
        self.seed = UInt64(gslSeed)
        gsl_rng_set(rng, gslSeed)
    }

    /// An engine whose state is exactly `words` (checked layouts only; for tests of the layout).
    init(_ generator: Generator, stateWords words: [UInt]) {
        precondition(generator.seedsFullState, "\(generator) has no verified state layout")
        rng = RandomEngine.allocate(generator)
        self.generator = generator
        self.seed = 0
        writeState(words)
    }

    /// A new, unseeded GSL generator (allocation failure, like Swift's own, ends the process).
    private static func allocate(_ generator: Generator) -> UnsafeMutablePointer<gsl_rng> {
        GSLRuntime.prepare()
        guard let rng = gsl_rng_alloc(generator.type) else { fatalError("gsl_rng_alloc failed: out of memory") }
        return rng
    }

    /// The state words for a full-state generator, drawn from `stream` (see the init).
    static func stateWords(_ generator: Generator, from stream: inout SplitMix64) -> [UInt] {
        switch generator {
        case .taus2:
            return [2, 8, 16].map { minimum in
                var w: UInt
                repeat { w = stream.next32() } while w < minimum
                return w
            }
        case .mt19937:
            var w = (0..<624).map { _ in stream.next32() }
            // Only the top bit of mt[0] is part of the 19937-bit state.
            if w[0] & 0x8000_0000 == 0, w.dropFirst().allSatisfy({ $0 == 0 }) { w[0] = 0x8000_0000 }
            return w
        case .gfsr4:
            return (0..<16384).map { _ in stream.next32() }
        case .mrg:
            let m: UInt = 2_147_483_647
            var w: [UInt]
            repeat {
                w = (0..<5).map { _ in
                    var x: UInt
                    repeat { x = UInt(stream.next() >> 33) } while x >= m
                    return x
                }
            } while w.allSatisfy { $0 == 0 }
            return w
        case .ranlxd2, .ranlxs0, .ranlux389:
            preconditionFailure("\(generator) is seeded through gsl_rng_set")
        }
    }

    private func writeState(_ words: [UInt]) {
        precondition(words.count == generator.stateWordCount, "\(generator) takes \(generator.stateWordCount ?? 0) state words, got \(words.count)")
        words.withUnsafeBufferPointer { w in
            switch generator {
            case .taus2: wl_taus2_set_state(rng, w.baseAddress)
            case .mt19937: wl_mt19937_set_state(rng, w.baseAddress)
            case .gfsr4: wl_gfsr4_set_state(rng, w.baseAddress)
            case .mrg: wl_mrg_set_state(rng, w.baseAddress)
            case .ranlxd2, .ranlxs0, .ranlux389: preconditionFailure("\(generator) is seeded through gsl_rng_set")
            }
        }
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
