# Shapes of non-identical scale mixtures: each case's density in σ units (palette colours; per-row
# solid, per-element dashed) beside the i.i.d. Gaussian (line style 104), linear and log scale.
set xtics 2
set mxtics 2
