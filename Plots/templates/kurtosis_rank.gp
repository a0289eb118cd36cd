# Kurtosis of ΔW against LoRA rank: Monte Carlo means with 95 % confidence intervals against the
# continuous theory curve 6/r (line style 101), both axes logarithmic.
