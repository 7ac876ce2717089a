#!/usr/bin/env bash
# GUI frame-time benchmark: renders generated service graphs (2k services / 10k edges and
# 20k / 100k, seeded, from nanoscope-gen-graph) in nanoscope-gui under xvfb-run with Mesa's
# software renderer (llvmpipe), after import, analysis and layout have finished, and prints
# the frame-time statistics of each view plus the time to first settled frame.
# Usage: bench/run_gui_bench.sh [BUILD_DIR]   (FRAMES=200, SEED=42, SHOTS=dir for screenshots)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:-$here/../build}" && pwd)
frames=${FRAMES:-200}
seed=${SEED:-42}
work=${TMPDIR:-/tmp}/nanoscope-gui-bench
shots=${SHOTS:-$work}
mkdir -p "$work" "$shots"
command -v xvfb-run >/dev/null || { echo "run_gui_bench: install xvfb and xauth" >&2; exit 1; }

for size in "2000 10000" "20000 100000"; do
  set -- $size
  file=$work/graph-$1-$2-$seed.json
  [ -f "$file" ] || "$build/nanoscope-gen-graph" "$1" "$2" "$file" --format json --seed "$seed" >/dev/null
  for view in graph matrix; do
    start=$(date +%s.%N)
    line=$(xvfb-run -a -s "-screen 0 1280x800x24" "$build/nanoscope-gui" "$file" --view "$view" \
             --frames "$frames" --frame-stats --screenshot "$shots/generated-$1-$view.png")
    end=$(date +%s.%N)
    printf "%-6s %-7s %s total_s=%.1f\n" "$1" "$view" "$line" "$(awk -v a="$start" -v b="$end" 'BEGIN{print b-a}')"
  done
done
