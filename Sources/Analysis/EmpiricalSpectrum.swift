import Foundation
import GSLKit

/// The empirical spectral density (ESD) of one weight tensor in WeightWatcher's convention.
///
/// Two conventions live side by side in WeightLab, computed from ONE eigen-decomposition:
/// ```
/// WeightWatcher (this type):  λᵢ = sᵢ²  = eig(WᵀW)          not divided by N (since its 0.6.5)
/// Marchenko–Pastur (SpectrumCheck):  μᵢ = eig((1/N)·W·Wᵀ) = λᵢ/N,   N = the long side
/// ```
/// A matrix m×n gives M = min(m, n) eigenvalues from the Gram matrix of its short side (M×M),
/// never a full SVD. A 4-D convolution kernel (out, in, kh, kw) gives kh·kw slices out×in whose
/// eigenvalues are pooled into one ESD of M·kh·kw values, as WeightWatcher's default `pool=True`;
/// it also scales a Conv2D layer's W by √(1/2) before the decomposition (its `conv2d_norm`,
/// default on, with conv2d_count = 1), so pooled λ are halved, as here.
///
/// Rank bookkeeping follows its `combined_eigenvalues`: per slice, with sᵢ = √λᵢ,
/// rank_loss += M − #{sᵢ > max(s)·N·ε},  ε = 2.2·10⁻¹⁶;  sv_min = the largest of the slices' min sᵢ.
public struct EmpiricalSpectrum: Sendable, Equatable {
    /// λ ascending (round-off negatives clipped to 0).
    public var eigenvalues: [Double]
    /// The long side N and the short side M of a matrix (or of one conv slice).
    public var n: Int
    public var m: Int
    /// The receptive field kh·kw (1 for a matrix).
    public var receptiveField: Int
    public var rankLoss: Int
    public var svMin: Double

    /// WeightWatcher's scale of a Conv2D layer's eigenvalues (W·√(1/2)).
    static let convScale = 0.5

    /// The ESD from the eigenvalues of (1/N)·W·Wᵀ already computed for Marchenko–Pastur.
    public static func fromMarchenkoPastur(_ mp: [Double], rows: Int, columns: Int) -> EmpiricalSpectrum {
        let n = Swift.max(rows, columns), m = Swift.min(rows, columns)
        let lambda = mp.map { Swift.max($0 * Double(n), 0) }
        return EmpiricalSpectrum(slices: [lambda], n: n, m: m, receptiveField: 1, scale: 1)
    }

    /// The ESD of a row-major tensor of shape [rows, columns] or [out, in, kh, kw], with the Gram
    /// products and eigenvalues in the precision of `w` (Double for the spectrum; Float for the
    /// correlation traps, see ``LinearAlgebra/shortSideGramEigenvalues(_:rows:columns:scale:)``).
    public static func compute<T: GramScalar>(_ w: UnsafeBufferPointer<T>, shape: [Int]) throws(AnalysisError) -> EmpiricalSpectrum {
        guard shape.count == 2 || shape.count == 4, shape.allSatisfy({ $0 >= 1 }), w.count == shape.reduce(1, *) else {
            throw .shapeMismatch("ESD: shape \(shape) does not hold \(w.count) values as a matrix or a 4-D kernel")
        }
        let rows = shape[0], columns = shape[1]
        let n = Swift.max(rows, columns), m = Swift.min(rows, columns)
        if shape.count == 2 {
            let eig = try gram(w, rows: rows, columns: columns)
            return EmpiricalSpectrum(slices: [eig], n: n, m: m, receptiveField: 1, scale: 1)
        }
        let rf = shape[2] * shape[3]
        var slice = [T](repeating: 0, count: rows * columns)
        var slices: [[Double]] = []
        for k in 0..<rf {
            for i in 0..<(rows * columns) { slice[i] = w[i * rf + k] }
            let eig = try slice.withUnsafeBufferPointer { (p) throws(AnalysisError) in try gram(p, rows: rows, columns: columns) }
            slices.append(eig)
        }
        return EmpiricalSpectrum(slices: slices, n: n, m: m, receptiveField: rf, scale: convScale)
    }

    static func gram<T: GramScalar>(_ w: UnsafeBufferPointer<T>, rows: Int, columns: Int) throws(AnalysisError) -> [Double] {
        do {
            return try LinearAlgebra.shortSideGramEigenvalues(w, rows: rows, columns: columns).map { Swift.max($0, 0) }
        } catch { throw .shapeMismatch("eigenvalue computation failed: \(error)") }
    }

    init(slices: [[Double]], n: Int, m: Int, receptiveField: Int, scale: Double) {
        var all: [Double] = []
        var loss = 0
        var svMin = 0.0
        for s in slices {
            let lambda = s.map { $0 * scale }
            let sv = lambda.map { $0.squareRoot() }
            let tolerance = (sv.max() ?? 0) * Double(n) * Double.ulpOfOne
            loss += sv.count - sv.filter { $0 > tolerance }.count
            svMin = Swift.max(svMin, sv.min() ?? 0)
            all += lambda
        }
        all.sort()
        self.eigenvalues = all
        self.n = n
        self.m = m
        self.receptiveField = receptiveField
        self.rankLoss = loss
        self.svMin = svMin
    }
}
