#!/usr/bin/env bash
# Test input for the MPI import tests: a generated Alibaba v2021-style table split by line
# counts into FILES files (traces straddle the splits), plus a copy with one malformed row.
# Usage: split_alibaba.sh GENERATOR DIR [MEGABYTES=8] [FILES=6]
set -euo pipefail
gen=$1 dir=$2 mb=${3:-8} files=${4:-6}
rm -rf "$dir" "$dir-bad"
mkdir -p "$dir" "$dir-bad"
"$gen" "$dir.csv" "$mb" 2> /dev/null
lines=$(( ($(wc -l < "$dir.csv") - 1 + files - 1) / files ))
tail -n +2 "$dir.csv" | split -l "$lines" -d -a 2 --additional-suffix=.csv \
  --filter='{ head -1 '"$dir.csv"'; cat; } > $FILE' - "$dir/part-"
rm -f "$dir.csv"
cp "$dir"/*.csv "$dir-bad/"
echo "1700000000,Tbad,0.1,USER,http,i0,s1,not-a-number" >> "$dir-bad/part-03.csv"
