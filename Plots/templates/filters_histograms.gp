# Before and after the 3σ and small-value filters, from the values: per tensor, the histogram of
# all values (palette 1, filled), of those the 3σ filter keeps (palette 2) and of those the
# small-value filter keeps (palette 3, dashed), on one σ scale, with the normal (line style 104).
set xtics 2
set mxtics 2
