#!/usr/bin/env bash
# Coupling-analysis benchmark: on generated service graphs (20k services / 200k edges and
# 50k / 1M edges, seeded), times nanoscope's strongly-connected-components step (Boost.Graph)
# against graph-tool and networkx on the same edge list in the same run, and nanoscope's
# whole analysis. Checks that all three find the same number of components.
# Usage: bench/run_analysis_bench.sh [BUILD_DIR]   (RUNS=5, SEED=42 by default)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:-$here/../build}" && pwd)
runs=${RUNS:-5}
seed=${SEED:-42}
work=${TMPDIR:-/tmp}/nanoscope-analysis-bench
mkdir -p "$work"

/usr/bin/python3 -c "import graph_tool, networkx" 2>/dev/null ||
  { echo "run_analysis_bench: install python3-graph-tool and python3-networkx" >&2; exit 1; }

value() { sed -n "s/.*\b$1=\([^ ]*\).*/\1/p" <<<"$2"; }

printf "%-16s %-10s %8s %8s %10s %10s %10s %8s %8s %12s\n" graph tool components largest scc_s \
  "vs_gt" "vs_nx" knots findings analysis_s
for size in "20000 200000" "50000 1000000"; do
  set -- $size
  file=$work/graph-$1-$2-$seed.edges
  [ -f "$file" ] || "$build/nanoscope-gen-graph" "$1" "$2" "$file" --seed "$seed" >/dev/null
  ns=$("$build/nanoscope-analysis-driver" "$file" --runs "$runs")
  peers=$(/usr/bin/python3 "$here/analysis_peers.py" "$file" "$runs")
  gt=$(grep '^tool=graph-tool' <<<"$peers")
  nx=$(grep '^tool=networkx' <<<"$peers")
  ns_s=$(value scc_s "$ns"); gt_s=$(value scc_s "$gt"); nx_s=$(value scc_s "$nx")
  for line in "$gt" "$nx"; do
    [ "$(value components "$line")" = "$(value components "$ns")" ] ||
      { echo "run_analysis_bench: component counts differ: $ns / $line" >&2; exit 1; }
  done
  label="$1/$2"
  printf "%-16s %-10s %8s %8s %10s %10s %10s %8s %8s %12s\n" "$label" nanoscope "$(value components "$ns")" \
    "$(value largest_scc "$ns")" "$ns_s" "$(awk -v a="$ns_s" -v b="$gt_s" 'BEGIN{printf "%.2fx", a/b}')" \
    "$(awk -v a="$nx_s" -v b="$ns_s" 'BEGIN{printf "%.0fx faster", a/b}')" "$(value knots "$ns")" \
    "$(value findings "$ns")" "$(value analysis_s "$ns")"
  printf "%-16s %-10s %8s %8s %10s\n" "$label" graph-tool "$(value components "$gt")" "$(value largest_scc "$gt")" "$gt_s"
  printf "%-16s %-10s %8s %8s %10s\n" "$label" networkx "$(value components "$nx")" "$(value largest_scc "$nx")" "$nx_s"
  echo "  nanoscope: $ns"
done
