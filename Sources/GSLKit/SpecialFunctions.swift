import CGSL

/// Closed-form special functions and cumulative distribution functions from GSL.
///
/// Every function is pure and thread-safe. Each first makes sure GSL's error handler is off
/// (``GSLRuntime/prepare()``, a one-time initialiser), so an argument outside the domain yields NaN
/// or ±∞ (the GSL convention for the non-`_e` forms) rather than aborting the process, whichever
/// entry point a program calls first.
public enum SpecialFunctions {
    // MARK: Standard normal

    /// φ(x) = exp(−x²/2)/√(2π).
    @inlinable public static func normalPDF(_ x: Double) -> Double { GSLRuntime.prepare(); return gsl_ran_ugaussian_pdf(x) }
    /// Φ(x), accurate in the lower tail.
    @inlinable public static func normalCDF(_ x: Double) -> Double { GSLRuntime.prepare(); return gsl_cdf_ugaussian_P(x) }
    /// 1 − Φ(x), accurate in the upper tail.
    @inlinable public static func normalSF(_ x: Double) -> Double { GSLRuntime.prepare(); return gsl_cdf_ugaussian_Q(x) }
    /// Φ⁻¹(p).
    @inlinable public static func normalQuantile(_ p: Double) -> Double { GSLRuntime.prepare(); return gsl_cdf_ugaussian_Pinv(p) }
    /// Q⁻¹(q) = Φ⁻¹(1 − q), accurate for small q.
    @inlinable public static func normalSFInverse(_ q: Double) -> Double { GSLRuntime.prepare(); return gsl_cdf_ugaussian_Qinv(q) }
    /// log(erfc(x)), finite far into the tail.
    @inlinable public static func logErfc(_ x: Double) -> Double { GSLRuntime.prepare(); return gsl_sf_log_erfc(x) }
    /// erf(x).
    @inlinable public static func erf(_ x: Double) -> Double { GSLRuntime.prepare(); return gsl_sf_erf(x) }
    /// erfc(x).
    @inlinable public static func erfc(_ x: Double) -> Double { GSLRuntime.prepare(); return gsl_sf_erfc(x) }

    // MARK: Gamma family

    /// Γ(x).
    @inlinable public static func gamma(_ x: Double) -> Double { GSLRuntime.prepare(); return gsl_sf_gamma(x) }
    /// ln |Γ(x)|.
    @inlinable public static func lnGamma(_ x: Double) -> Double { GSLRuntime.prepare(); return gsl_sf_lngamma(x) }
    /// ψ(x) = d ln Γ(x)/dx.
    @inlinable public static func digamma(_ x: Double) -> Double { GSLRuntime.prepare(); return gsl_sf_psi(x) }
    /// ψ′(x).
    @inlinable public static func trigamma(_ x: Double) -> Double { GSLRuntime.prepare(); return gsl_sf_psi_1(x) }
    /// Regularised lower incomplete gamma P(a, x).
    @inlinable public static func gammaP(_ a: Double, _ x: Double) -> Double { GSLRuntime.prepare(); return gsl_sf_gamma_inc_P(a, x) }
    /// Regularised upper incomplete gamma Q(a, x).
    @inlinable public static func gammaQ(_ a: Double, _ x: Double) -> Double { GSLRuntime.prepare(); return gsl_sf_gamma_inc_Q(a, x) }
    /// Quantile of the Gamma(shape k, scale θ) law.
    /// The non-normalised upper incomplete gamma Γ(a, x) = ∫ₓ^∞ t^{a−1}e^{−t} dt, any real a, x > 0.
    @inlinable public static func upperIncompleteGamma(_ a: Double, _ x: Double) -> Double { GSLRuntime.prepare(); return gsl_sf_gamma_inc(a, x) }
    @inlinable public static func gammaQuantile(_ p: Double, shape: Double, scale: Double) -> Double { GSLRuntime.prepare(); return gsl_cdf_gamma_Pinv(p, shape, scale) }
    /// ln B(a, b).
    @inlinable public static func lnBeta(_ a: Double, _ b: Double) -> Double { GSLRuntime.prepare(); return gsl_sf_lnbeta(a, b) }

    // MARK: Other laws' CDFs

    /// Upper tail of χ² with ν degrees of freedom.
    @inlinable public static func chiSquaredSF(_ x: Double, dof: Double) -> Double { GSLRuntime.prepare(); return gsl_cdf_chisq_Q(x, dof) }
    /// Upper tail of the F(ν1, ν2) law.
    @inlinable public static func fSF(_ x: Double, _ nu1: Double, _ nu2: Double) -> Double { GSLRuntime.prepare(); return gsl_cdf_fdist_Q(x, nu1, nu2) }
    /// Student-t CDF.
    @inlinable public static func studentTCDF(_ x: Double, dof: Double) -> Double { GSLRuntime.prepare(); return gsl_cdf_tdist_P(x, dof) }
    /// Student-t survival function.
    @inlinable public static func studentTSF(_ x: Double, dof: Double) -> Double { GSLRuntime.prepare(); return gsl_cdf_tdist_Q(x, dof) }
    /// Student-t quantile.
    @inlinable public static func studentTQuantile(_ p: Double, dof: Double) -> Double { GSLRuntime.prepare(); return gsl_cdf_tdist_Pinv(p, dof) }
    /// Student-t density.
    @inlinable public static func studentTPDF(_ x: Double, dof: Double) -> Double { GSLRuntime.prepare(); return gsl_ran_tdist_pdf(x, dof) }
    /// Exponential-power (generalised Gaussian) CDF for p(x) ∝ exp(−|x/a|^b).
    @inlinable public static func exponentialPowerCDF(_ x: Double, scale a: Double, shape b: Double) -> Double { GSLRuntime.prepare(); return gsl_cdf_exppow_P(x, a, b) }
    /// Exponential-power survival function.
    @inlinable public static func exponentialPowerSF(_ x: Double, scale a: Double, shape b: Double) -> Double { GSLRuntime.prepare(); return gsl_cdf_exppow_Q(x, a, b) }
}

extension SpecialFunctions {
    /// Quantile of χ² with ν degrees of freedom.
    @inlinable public static func chiSquaredQuantile(_ p: Double, dof: Double) -> Double { GSLRuntime.prepare(); return gsl_cdf_chisq_Pinv(p, dof) }
    /// Binomial CDF P(X ≤ k) for X ~ Bin(n, p).
    @inlinable public static func binomialCDF(_ k: UInt32, p: Double, n: UInt32) -> Double { GSLRuntime.prepare(); return gsl_cdf_binomial_P(k, p, n) }
    /// Quantile of the Beta(a, b) law (for Clopper–Pearson intervals).
    @inlinable public static func betaQuantile(_ p: Double, _ a: Double, _ b: Double) -> Double { GSLRuntime.prepare(); return gsl_cdf_beta_Pinv(p, a, b) }
}
