# Skewness–kurtosis (Cullen–Frey) plane: tensors as points; the reference laws as larger symbols;
# the generalised-Gaussian and Student-t families along skewness 0; gamma and log-normal curves.
set key font ',8'
