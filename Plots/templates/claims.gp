# Claims: each claim's measured statistic with its 95 % confidence interval (error bars or lines,
# one palette colour per group of cases) against the expected value (line style 101), one panel
# per claim. Loaded after style.gp before every panel.
set bars small
