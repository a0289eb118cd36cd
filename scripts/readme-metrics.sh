#!/bin/sh
# Regenerates the metric table of README.md from the metric catalogue: the output of
# `weightlab scenario metrics --markdown` replaces the lines between the two marker comments.
# MetricCatalogueTests.readmeTableIsTheCatalogue fails when the two differ.
# Usage: scripts/readme-metrics.sh [path/to/weightlab]   (default .build/release/weightlab)
set -eu
cd "$(dirname "$0")/.."
bin=${1:-.build/release/weightlab}
table=$(mktemp)
out=$(mktemp README.md.XXXXXX)
trap 'rm -f "$table" "$out"' EXIT
"$bin" scenario metrics --markdown > "$table"
awk -v table="$table" '
    /^<!-- metrics:end -->$/ { while ((getline line < table) > 0) print line; skipping = 0 }
    !skipping { print }
    /^<!-- metrics:begin / { skipping = 1 }
' README.md > "$out"
grep -q '^<!-- metrics:begin ' "$out" || { echo "README.md has no metrics:begin marker" >&2; exit 1; }
mv "$out" README.md
trap 'rm -f "$table"' EXIT
