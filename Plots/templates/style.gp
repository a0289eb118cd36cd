# WeightLab figure style, shared by every figure.
#
# Each figure script loads this file once before choosing its terminals and again before every
# panel (after `reset`), then the template of its kind (KIND.gp), then the panel's own settings:
# axis labels, ranges, log scales, the legend position and the data. Edit this file to restyle
# every figure; the figure scripts refer to the colours and line styles below by number.

# --- Canvas -------------------------------------------------------------------------------------
wl_font = "DejaVu Sans,11"          # PNG and SVG text
wl_pdf_font = "DejaVu Sans,9"       # PDF text (the PDF page is width/100 × height/100 inches)
wl_background = "white"
wl_title_font = ",15"
wl_subtitle_font = ",10"
wl_subtitle_color = "#444444"
wl_legend_font = ",10"              # the legend shared by all panels, under the subtitle

set encoding utf8
# Data files write NaN for missing values; gnuplot breaks lines there (do not `set datafile missing`).

# --- Axes, grid and margins (margins in character widths/heights keep panels aligned) -----------
set border 3 back lc rgb '#555555' lw 1
set grid back lc rgb '#e6e6e6' lw 1 dt 1
set tics nomirror out scale 0.6 textcolor rgb '#333333'
wl_tmargin = 2.6                    # a panel whose title takes two lines gets one line more
set lmargin 13
set rmargin 3
set tmargin wl_tmargin
set bmargin 3.6
set title font ',11' offset 0,-0.3

# --- Legend inside a panel (the figure places it in a corner free of data) ----------------------
set key box lc rgb '#cccccc' opaque samplen 3 spacing 1.15 font ',9' width 1

# --- Fills: confidence bands and histogram bars are translucent ---------------------------------
set style fill transparent solid 0.22 noborder
set bars small

# --- Palette: series colours in order (linetypes 1–8) --------------------------------------------
set linetype 1 lc rgb '#1f77b4' lw 2 dt 1 pt 7 ps 0.8
set linetype 2 lc rgb '#d62728' lw 2 dt 1 pt 5 ps 0.8
set linetype 3 lc rgb '#2ca02c' lw 2 dt 1 pt 9 ps 0.9
set linetype 4 lc rgb '#ff7f0e' lw 2 dt 1 pt 13 ps 0.9
set linetype 5 lc rgb '#9467bd' lw 2 dt 1 pt 11 ps 0.9
set linetype 6 lc rgb '#8c564b' lw 2 dt 1 pt 15 ps 0.9
set linetype 7 lc rgb '#e377c2' lw 2 dt 1 pt 4 ps 0.8
set linetype 8 lc rgb '#17becf' lw 2 dt 1 pt 6 ps 0.8

# --- Line styles by meaning ----------------------------------------------------------------------
set style line 101 lc rgb '#111111' lw 2 dt 2 pt 6 ps 0.9   # theory, expected value, schedule
set style line 102 lc rgb '#d62728' lw 1.8 dt 2             # the fitted normal
set style line 103 lc rgb '#2ca02c' lw 2 dt 1               # the best-fitting law (BIC)
set style line 104 lc rgb '#777777' lw 1.2 dt 4             # neutral reference (y = x, i.i.d. Gaussian)
set style line 105 lc rgb '#b5b5b5' lw 1 pt 7 ps 0.5        # context points (not used by a fit)
set style line 106 lc rgb '#c0392b' lw 1.2 dt 3             # vertical markers (edges, thresholds)
