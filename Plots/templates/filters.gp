# Before and after the 3σ and small-value filters, from a report: excess kurtosis, std ratio and
# the Lilliefors KS distance of each tensor (or Monte Carlo means per case) for all values
# (palette 1), after the 3σ filter (palette 2) and after the small-value filter (palette 3).
