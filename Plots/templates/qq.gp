# Q–Q plots against the normal: sample quantiles in σ units against normal quantiles, denser in
# the tails, with the line y = x (line style 104).
set xtics 1
set mxtics 2
