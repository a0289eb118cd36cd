# The power-law exponent α of each matrix's ESD tail and α̂ = α·log10 λmax against the layer index,
# one palette colour per module; α = 2 and 6 (WeightWatcher's over-/under-trained thresholds) as
# reference lines (line style 104).
