#!/usr/bin/env bash
# Two weightlab builds side by side: same bytes, and user+sys CPU seconds (whole processes).
#
#   scripts/bench/compare_builds.sh OLD_WEIGHTLAB NEW_WEIGHTLAB [ROUNDS]
#
# Used for refactors that must not change output or speed (e.g. the one generic Float/Double
# path). Each round runs, for both binaries in turn (the order alternates between rounds):
#   sample  --shape 8192x4096 gaussian(sigma=0.02) f32 --threads 1   → .npy
#   sample  --shape 8192x4096 wstar(…) f32, and mixture(by=row) f64  → .npy
#   analyze a 4096x4096 f32 safetensors file (default analyses)      → JSON
# then checks that the files are byte-identical and the reports equal apart from timing keys.
# Prints one line per process: user, sys (from /usr/bin/time -v) and peak RSS; medians at the end.
# On a shared machine compare user+sys, not wall time.
set -euo pipefail
[ $# -ge 2 ] || { sed -n 2,4p "$0" >&2; exit 2; }
old=$1 new=$2 rounds=${3:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$old" sample --shape 4096x4096 --dist 'gaussian(sigma=0.02)' --seed 2 --output "$work/A.safetensors" --quiet
declare -A runs=(
  [sample-gauss]="sample --shape 8192x4096 --dist gaussian(sigma=0.02) --seed 1 --threads 1 --force --quiet --output"
  [sample-wstar]="sample --shape 8192x4096 --dist wstar(sigma=0.02,c=2.5,sparsity=0.5,outliers=0.001,outlier_scale=8) --seed 1 --threads 1 --force --quiet --output"
  [sample-mixture-f64]="sample --shape 8192x4096 --dist mixture(scale=lognormal(0,0.5),by=row) --dtype f64 --seed 1 --threads 1 --force --quiet --output"
  [analyze]="analyze $work/A.safetensors --force --quiet --json"
)
ext() { [ "$1" = analyze ] && echo json || echo npy; }
log="$work/times.txt"
for round in $(seq "$rounds"); do
  order="old new"; [ $((round % 2)) -eq 0 ] && order="new old"
  for name in "${!runs[@]}"; do
    for tag in $order; do
      bin=$old; [ "$tag" = new ] && bin=$new
      # shellcheck disable=SC2086
      /usr/bin/time -v "$bin" ${runs[$name]} "$work/$name-$tag.$(ext "$name")" 2> "$work/t.txt"
      u=$(awk '/User time/ {print $NF}' "$work/t.txt"); s=$(awk '/System time/ {print $NF}' "$work/t.txt")
      m=$(awk '/Maximum resident/ {print $NF}' "$work/t.txt")
      echo "$name $tag round$round user=$u sys=$s cpu=$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.2f", u + s }') maxrss_kb=$m" | tee -a "$log"
    done
  done
done
for name in "${!runs[@]}"; do
  if [ "$name" = analyze ]; then
    python3 - "$work/analyze-old.json" "$work/analyze-new.json" <<'PY'
import json, sys
def strip(o):
    if isinstance(o, dict): return {k: strip(v) for k, v in o.items() if "second" not in k and "time" not in k}
    if isinstance(o, list): return [strip(x) for x in o]
    return o
a, b = (strip(json.load(open(p))) for p in sys.argv[1:3])
print("analyze: reports", "equal" if a == b else "DIFFER")
PY
  else
    cmp -s "$work/$name-old.npy" "$work/$name-new.npy" && echo "$name: bytes identical" || echo "$name: bytes DIFFER"
  fi
done
echo "medians of user+sys seconds:"
for name in "${!runs[@]}"; do
  for tag in old new; do
    grep "^$name $tag " "$log" | sed 's/.*cpu=\([0-9.]*\).*/\1/' | sort -n | awk -v n="$name" -v t="$tag" '{a[NR]=$1} END {print "  " n " " t ": " a[int((NR+1)/2)]}'
  done
done
