import CGSL

/// A Swift closure as GSL's `gsl_function` f(x): `pointer` is what the GSL routines take and keep
/// (a minimiser or root solver holds it across its iterations), valid while this object lives;
/// GSL calls back with this object's address as `params`.
final class GSLFunction {
    private let f: (Double) -> Double
    let pointer = UnsafeMutablePointer<gsl_function>.allocate(capacity: 1)

    init(_ f: @escaping (Double) -> Double) {
        self.f = f
        pointer.initialize(to: gsl_function(
            function: { x, params in Unmanaged<GSLFunction>.fromOpaque(params!).takeUnretainedValue().f(x) },
            params: nil))
        pointer.pointee.params = Unmanaged.passUnretained(self).toOpaque()
    }

    deinit { pointer.deallocate() }
}
