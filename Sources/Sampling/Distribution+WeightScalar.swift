import Distributions
import GSLKit
import TensorIO

extension Distribution {
    /// Fills `buffer` with independent draws through the law's bulk sampler of `T`'s precision
    /// (``Distribution/fill(_:using:)`` for Float or Double buffers): one generic entry for the
    /// sampler, resolved to a concrete loop once per buffer, never per element.
    @inline(__always)
    func fill<T: WeightScalar>(scalars buffer: UnsafeMutableBufferPointer<T>, using engine: RandomEngine) {
        switch T.dtype {
        case .f32: buffer.withMemoryRebound(to: Float.self) { fill($0, using: engine) }
        case .f64: buffer.withMemoryRebound(to: Double.self) { fill($0, using: engine) }
        case .f16, .bf16: preconditionFailure("WeightScalar types are Float and Double")
        }
    }
}
