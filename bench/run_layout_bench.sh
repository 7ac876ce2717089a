#!/usr/bin/env bash
# Layout benchmark: nanoscope-gui's force-directed layout (Barnes-Hut Fruchterman-Reingold,
# the app's whole 300-step schedule, one thread) against graph-tool's sfdp, igraph's
# Fruchterman-Reingold and networkx's spring_layout on the same generated service graphs
# (2k services / 10k edges, 20k / 100k, seeded), in one run. Besides time it prints two
# scale-free shape numbers: outlier_ratio (farthest node / 99th percentile distance from the
# centroid; near 1 means nothing is flung away) and nearest_over_edge (median nearest-neighbour
# distance / median edge length; higher means less crowding).
# Usage: bench/run_layout_bench.sh [BUILD_DIR]   (SEED=42, SIZES="2000:10000 20000:100000")
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:-$here/../build}" && pwd)
seed=${SEED:-42}
work=${TMPDIR:-/tmp}/nanoscope-layout-bench
mkdir -p "$work"
[ -x "$build/nanoscope-layout-driver" ] || { echo "run_layout_bench: $build/nanoscope-layout-driver not built" >&2; exit 1; }
/usr/bin/python3 -c "import graph_tool, igraph, networkx, numpy" 2>/dev/null ||
  { echo "run_layout_bench: install python3-graph-tool python3-igraph python3-networkx python3-numpy (./setup.sh bench)" >&2; exit 1; }

value() { sed -n "s/.*\b$1=\([^ ]*\).*/\1/p" <<<"$2"; }

uptime
printf "%-12s %-18s %9s %14s %18s\n" graph tool layout_s outlier_ratio nearest_over_edge
for size in ${SIZES:-2000:10000 20000:100000}; do
  set -- ${size/:/ }
  file=$work/graph-$1-$2-$seed.edges
  [ -f "$file" ] || "$build/nanoscope-gen-graph" "$1" "$2" "$file" --seed "$seed" >/dev/null
  ns=$("$build/nanoscope-layout-driver" --edges "$file")
  printf "%-12s %-18s %9s %14s %18s\n" "$1/$2" nanoscope "$(value layout_s "$ns")" "$(value outlier_ratio "$ns")" \
    "$(value nearest_over_edge "$ns")"
  /usr/bin/python3 "$here/layout_peers.py" "$file" --max-networkx 5000 | while read -r line; do
    if [ -n "$(value skipped "$line")" ]; then
      printf "%-12s %-18s %9s\n" "$1/$2" "$(value tool "$line")" "skipped ($(value skipped "$line"))"
    else
      printf "%-12s %-18s %9s %14s %18s\n" "$1/$2" "$(value tool "$line")" "$(value layout_s "$line")" \
        "$(value outlier_ratio "$line")" "$(value nearest_over_edge "$line")"
    fi
  done
done
