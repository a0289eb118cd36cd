# WeightWatcher's signature plot: the ESD of WᵀW as a log-binned density on log–log axes (palette
# colour 0), the ESD of W with its entries permuted (palette colour 2), the fitted power law from
# xmin on (line style 102) and xmin marked.
