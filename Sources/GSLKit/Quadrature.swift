import CGSL

/// Adaptive numerical integration from GSL (QAGS / QAGI), for densities without a closed-form CDF.
public enum Quadrature {
    /// ∫ₐᵇ f(x) dx by adaptive Gauss–Kronrod (QAGS); `b = .infinity` uses QAGIU, `a = −∞` QAGIL.
    public static func integrate(
        _ a: Double, _ b: Double, absoluteTolerance: Double = 1e-12, relativeTolerance: Double = 1e-10,
        _ f: @escaping (Double) -> Double
    ) throws(GSLError) -> Double {
        GSLRuntime.prepare()
        if a == b { return 0 }
        let fn = GSLFunction(f)
        defer { withExtendedLifetime(fn) {} }
        let limit = 1000
        guard let ws = gsl_integration_workspace_alloc(limit) else { throw .allocationFailed("integration workspace") }
        defer { gsl_integration_workspace_free(ws) }
        var result = 0.0, error = 0.0
        let status: Int32
        switch (a.isFinite, b.isFinite) {
        case (true, true): status = gsl_integration_qags(fn.pointer, a, b, absoluteTolerance, relativeTolerance, limit, ws, &result, &error)
        case (true, false): status = gsl_integration_qagiu(fn.pointer, a, absoluteTolerance, relativeTolerance, limit, ws, &result, &error)
        case (false, true): status = gsl_integration_qagil(fn.pointer, b, absoluteTolerance, relativeTolerance, limit, ws, &result, &error)
        case (false, false): status = gsl_integration_qagi(fn.pointer, absoluteTolerance, relativeTolerance, limit, ws, &result, &error)
        }
        // Round-off limits are reported but the estimate is still the best available.
        if status != GSL_SUCCESS && status != GSL_EROUND { try GSLError.check(status, "gsl_integration_qag") }
        return result
    }
}
