# Distribution shape across depth: std, excess kurtosis, generalised-Gaussian β and Weibull k of
# each tensor against its layer index, one palette colour per module.
