import CGSL

/// Derivative-free minimisers from GSL: Brent on an interval and the Nelder–Mead simplex.
///
/// Objective closures are called synchronously on the calling thread; they never escape.
public enum Minimizer {
    private final class BoxN {
        let f: ([Double]) -> Double
        init(_ f: @escaping ([Double]) -> Double) { self.f = f }
    }

    /// Minimises f on [lower, upper] by Brent's method, starting from a bracketing `guess`.
    ///
    /// When `f(guess)` is not below both ends (no bracket), the best of a coarse grid is refined
    /// instead, so the call never fails for lack of a bracket.
    /// - Returns: the abscissa of the minimum, within `tolerance` (absolute) or 1e-10 relative.
    public static func brent(
        lower: Double, upper: Double, guess: Double? = nil,
        tolerance: Double = 1e-10, maxIterations: Int = 200,
        _ f: @escaping (Double) -> Double
    ) throws(GSLError) -> Double {
        GSLRuntime.prepare()
        guard lower < upper, lower.isFinite, upper.isFinite else {
            throw .invalidArgument("brent: empty or infinite interval [\(lower), \(upper)]")
        }
        // Find a bracketing interior point on a grid when the guess does not bracket.
        var a = lower, b = upper
        var m = guess ?? (lower + upper) / 2
        var fm = f(m)
        let fa = f(a), fb = f(b)
        if !(fm < fa && fm < fb) {
            let steps = 64
            var bestI = 0
            var best = Double.infinity
            var values = [Double](repeating: 0, count: steps + 1)
            for i in 0...steps {
                let x = lower + (upper - lower) * Double(i) / Double(steps)
                values[i] = f(x)
                if values[i] < best { best = values[i]; bestI = i }
            }
            if bestI == 0 || bestI == steps { return lower + (upper - lower) * Double(bestI) / Double(steps) }
            a = lower + (upper - lower) * Double(bestI - 1) / Double(steps)
            b = lower + (upper - lower) * Double(bestI + 1) / Double(steps)
            m = lower + (upper - lower) * Double(bestI) / Double(steps)
            fm = best
            if !(fm < values[bestI - 1] && fm < values[bestI + 1]) { return m }
        }
        let fn = GSLFunction(f)
        guard let s = gsl_min_fminimizer_alloc(wl_min_brent()) else { throw .allocationFailed("brent minimiser") }
        defer { gsl_min_fminimizer_free(s); withExtendedLifetime(fn) {} }
        try GSLError.check(gsl_min_fminimizer_set(s, fn.pointer, m, a, b), "gsl_min_fminimizer_set")
        for _ in 0..<maxIterations {
            try GSLError.check(gsl_min_fminimizer_iterate(s), "gsl_min_fminimizer_iterate")
            let lo = gsl_min_fminimizer_x_lower(s), hi = gsl_min_fminimizer_x_upper(s)
            if gsl_min_test_interval(lo, hi, tolerance, 1e-10) == GSL_SUCCESS { break }
        }
        return gsl_min_fminimizer_x_minimum(s)
    }

    /// Minimises f over ℝᵈ by the Nelder–Mead simplex (GSL `nmsimplex2`).
    /// - Parameters:
    ///   - start: the initial point.
    ///   - steps: the initial simplex step in each coordinate.
    ///   - tolerance: stop when the simplex characteristic size falls below this.
    /// - Returns: the best point found and f there.
    public static func simplex(
        start: [Double], steps: [Double], tolerance: Double = 1e-8, maxIterations: Int = 2000,
        _ f: @escaping ([Double]) -> Double
    ) throws(GSLError) -> (point: [Double], value: Double) {
        GSLRuntime.prepare()
        let d = start.count
        guard d > 0, steps.count == d else { throw .invalidArgument("simplex: start and steps must have the same, non-zero length") }
        let box = BoxN(f)
        let unmanaged = Unmanaged.passRetained(box)
        defer { unmanaged.release() }
        var fn = gsl_multimin_function(
            f: { v, params in
                guard let v else { return .nan }
                let n = Int(v.pointee.size)
                var x = [Double](repeating: 0, count: n)
                for i in 0..<n { x[i] = gsl_vector_get(v, i) }
                let value = Unmanaged<BoxN>.fromOpaque(params!).takeUnretainedValue().f(x)
                return value.isNaN ? .infinity : value
            },
            n: d,
            params: unmanaged.toOpaque()
        )
        guard let x = gsl_vector_alloc(d), let ss = gsl_vector_alloc(d) else { throw .allocationFailed("simplex vectors") }
        defer { gsl_vector_free(x); gsl_vector_free(ss) }
        for i in 0..<d { gsl_vector_set(x, i, start[i]); gsl_vector_set(ss, i, steps[i]) }
        guard let s = gsl_multimin_fminimizer_alloc(wl_multimin_nmsimplex2(), d) else { throw .allocationFailed("simplex minimiser") }
        defer { gsl_multimin_fminimizer_free(s) }
        try GSLError.check(gsl_multimin_fminimizer_set(s, &fn, x, ss), "gsl_multimin_fminimizer_set")
        for _ in 0..<maxIterations {
            let status = gsl_multimin_fminimizer_iterate(s)
            if status == GSL_ENOPROG { break }
            try GSLError.check(status, "gsl_multimin_fminimizer_iterate")
            if gsl_multimin_test_size(gsl_multimin_fminimizer_size(s), tolerance) == GSL_SUCCESS { break }
        }
        var best = [Double](repeating: 0, count: d)
        for i in 0..<d { best[i] = gsl_vector_get(s.pointee.x, i) }
        return (best, s.pointee.fval)
    }

    /// Finds a root of f in [lower, upper] (f must change sign) by Brent–Dekker.
    public static func root(
        lower: Double, upper: Double, tolerance: Double = 1e-12, maxIterations: Int = 200,
        _ f: @escaping (Double) -> Double
    ) throws(GSLError) -> Double {
        GSLRuntime.prepare()
        let fl = f(lower), fu = f(upper)
        if fl == 0 { return lower }
        if fu == 0 { return upper }
        guard fl.sign != fu.sign else { throw .invalidArgument("root: f(\(lower)) and f(\(upper)) have the same sign") }
        let fn = GSLFunction(f)
        guard let s = gsl_root_fsolver_alloc(wl_root_brent()) else { throw .allocationFailed("root solver") }
        defer { gsl_root_fsolver_free(s); withExtendedLifetime(fn) {} }
        try GSLError.check(gsl_root_fsolver_set(s, fn.pointer, lower, upper), "gsl_root_fsolver_set")
        for _ in 0..<maxIterations {
            try GSLError.check(gsl_root_fsolver_iterate(s), "gsl_root_fsolver_iterate")
            if gsl_root_test_interval(gsl_root_fsolver_x_lower(s), gsl_root_fsolver_x_upper(s), tolerance, 1e-14) == GSL_SUCCESS { break }
        }
        return gsl_root_fsolver_root(s)
    }
}
