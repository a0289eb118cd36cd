# Standard deviation against depth: Monte Carlo means (points) with their 95 % confidence band
# (translucent fill) and the scheduled or theoretical σ (line style 101), one panel per case and
# scale of tensor.
set style fill transparent solid 0.25 noborder
