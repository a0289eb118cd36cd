/// One evaluation of the generalised-Gaussian profile likelihood at β (``Fits/generalizedGaussianML(_:_:)``):
/// ℓ(β), ℓ′(β), ℓ″(β) and the sums Sⱼ = Σ yᵢʲ e^{β yᵢ}, j = 0, 1, 2, of the shifted log-magnitudes.
struct GeneralizedGaussianPoint {
    var beta, ll, d1, d2, s0, s1, s2: Double
}
