# The σ-gap study: loss gap against σ gap, Monte Carlo means with 95 % confidence intervals
# (palette colour 1) against the closed form (line style 101).
