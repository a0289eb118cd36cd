# Eigenvalues of W·Wᵀ/n: a histogram of the eigenvalues (in units of the fitted σ²) against the
# Marchenko–Pastur density (line style 101), the spike threshold and each spike marked; or, for
# low-rank matrices with no bulk, a scree plot of the largest eigenvalues.
set style fill transparent solid 0.35 noborder
