# Histogram grids (histograms, histograms_log, the filters' before/after panels): the weights as a
# histogram outline in σ units of each tensor, the fitted normal (line style 102) and the
# best-fitting law by BIC (line style 103). Every panel shares one y scale.
set xtics 2
set mxtics 2
