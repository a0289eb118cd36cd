# Before and after the 3σ and small-value filters: per tensor, the histogram before (palette 1),
# after the 3σ filter (palette 2) and after the small-value filter (palette 3) on one σ scale;
# or, from a saved report, the statistics before and after, tensor by tensor.
set xtics 2
set mxtics 2
