# Merging methods compared: distance to W* and teacher loss of each method against the number of
# task vectors, Monte Carlo means with 95 % confidence intervals, one palette colour per method.
