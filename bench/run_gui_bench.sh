#!/usr/bin/env bash
# GUI frame-time benchmark: renders generated service graphs (2k services / 10k edges and
# 20k / 100k, seeded, from nanoscope-gen-graph) in nanoscope-gui under xvfb-run with Mesa's
# software renderer (llvmpipe), after import, analysis and layout have finished, and prints
# the frame-time statistics of each view plus the time to first settled frame. "graph-pan"
# moves the view every frame (--pan 4), so every frame rebuilds and re-uploads the scene;
# "graph-live" starts as soon as the import ends, while the layout still runs on the other
# core and moves every node each frame (layout_iteration tells how far it got).
# Usage: bench/run_gui_bench.sh [BUILD_DIR]   (FRAMES=200, SEED=42, SHOTS=dir for screenshots,
#        SIZES="2000:10000 20000:100000"; LP_NUM_THREADS is passed on to Mesa)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:-$here/../build}" && pwd)
frames=${FRAMES:-200}
seed=${SEED:-42}
work=${TMPDIR:-/tmp}/nanoscope-gui-bench
shots=${SHOTS:-$work}
mkdir -p "$work" "$shots"
command -v xvfb-run >/dev/null || { echo "run_gui_bench: install xvfb and xauth" >&2; exit 1; }

uptime
for size in ${SIZES:-2000:10000 20000:100000}; do
  set -- ${size/:/ }
  file=$work/graph-$1-$2-$seed.json
  [ -f "$file" ] || "$build/nanoscope-gen-graph" "$1" "$2" "$file" --format json --seed "$seed" >/dev/null
  for run in graph graph-pan graph-live matrix; do
    view=${run%-*}
    pan=()
    [ "$run" = graph-pan ] && pan=(--pan 4)
    [ "$run" = graph-live ] && pan=(--while-layout)
    start=$(date +%s.%N)
    out=$(xvfb-run -a -s "-screen 0 1280x800x24" "$build/nanoscope-gui" "$file" --view "$view" "${pan[@]}" \
             --frames "$frames" --frame-stats --screenshot "$shots/generated-$1-$run.png")
    end=$(date +%s.%N)
    printf "%-6s %-9s total_s=%.1f\n" "$1" "$run" "$(awk -v a="$start" -v b="$end" 'BEGIN{print b-a}')"
    printf "%s\n" "$out" | sed 's/^/    /'
  done
done
