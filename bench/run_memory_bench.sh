#!/usr/bin/env bash
# Import memory: peak RSS (GNU time's %M) of `nanoscope import -q FILE -o graph.json` on a
# streamed format (Alibaba call-graph CSV) at several input sizes, to show that memory grows
# with the graph, not the file; and on Jaeger JSON (read whole) for contrast. See docs/limits.md.
# Usage: bench/run_memory_bench.sh [BUILD_DIR=build] [CSV_SIZES_MB="100 300 1000"] [JAEGER_SIZES_MB="100 300 1000"]
# Each input is generated under $BENCH_DIR (default /tmp/nanoscope-membench) and deleted after
# its run (a 1 GB input needs 1 GB of free disk). Needs GNU time (/usr/bin/time).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
CSV_SIZES=${2:-100 300 1000}
JAEGER_SIZES=${3:-100 300 1000}
WORK=${BENCH_DIR:-/tmp/nanoscope-membench}
mkdir -p "$WORK"
GRAPH="$WORK/graph.json"
trap 'rm -f "$WORK"/input.* "$GRAPH"' EXIT

echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load:$(uptime | sed 's/.*load average://')"
echo "# $BUILD/nanoscope import -q FILE -o $GRAPH"
printf '%-8s %8s %14s %12s %12s %8s %12s\n' format MB input_bytes rows/spans peak_rss_KB seconds graph_bytes

measure() {  # FORMAT MB FILE COUNT
  local format=$1 mb=$2 file=$3 count=$4 out
  out=$( { /usr/bin/time -f '%M %e' "$BUILD/nanoscope" import -q "$file" -o "$GRAPH"; } 2>&1 | tail -1)
  printf '%-8s %8s %14s %12s %12s %8s %12s\n' "$format" "$mb" "$(stat -c %s "$file")" "$count" \
    "${out% *}" "${out#* }" "$(stat -c %s "$GRAPH")"
  rm -f "$file" "$GRAPH"
}

for mb in $CSV_SIZES; do
  "$BUILD/nanoscope-gen-alibaba" "$WORK/input.csv" "$mb" 42 > /dev/null 2>&1
  measure csv "$mb" "$WORK/input.csv" "$(($(wc -l < "$WORK/input.csv") - 1))"
done
# nanoscope-gen-jaeger writes about 459 bytes per span (40 services).
for mb in $JAEGER_SIZES; do
  spans=$((mb * 1000000 / 459))
  "$BUILD/nanoscope-gen-jaeger" "$spans" 40 "$WORK/input.json" 42 > /dev/null 2>&1
  measure jaeger "$mb" "$WORK/input.json" "$spans"
done
