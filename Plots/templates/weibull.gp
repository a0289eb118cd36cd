# Weibull probability plots of |w|: histogram bins (context points, line style 105), the middle
# 80 % that the fit uses (palette colour 1) and the fitted line over that range (line style 101).
