#!/usr/bin/env bash
# Idle CPU of nanoscope-gui: opens a generated graph (1,200 services / 5,000 edges, seeded, from
# nanoscope-gen-graph) in the interactive window on a display of its own (Xvfb), lets the
# import, analysis and layout finish (WARM seconds), then reads the process's utime + stime
# from /proc/PID/stat over SECONDS seconds in which nothing happens. The window is not
# touched, so any CPU used is drawing nobody asked for.
# Usage: bench/run_idle_cpu_bench.sh [BUILD_DIR] [GUI_BINARY]   (IDLE_SECONDS=20, WARM=15,
#        SERVICES=1200, EDGES=5000, SEED=42)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:-$here/../build}" && pwd)
gui=${2:-$build/nanoscope-gui}
seconds=${IDLE_SECONDS:-20}
warm=${WARM:-15}
services=${SERVICES:-1200}
edges=${EDGES:-5000}
seed=${SEED:-42}
work=${TMPDIR:-/tmp}/nanoscope-idle-bench
mkdir -p "$work"
command -v Xvfb >/dev/null || { echo "run_idle_cpu_bench: install xvfb" >&2; exit 1; }

file=$work/graph-$services-$edges-$seed.json
[ -f "$file" ] || "$build/nanoscope-gen-graph" "$services" "$edges" "$file" --format json --seed "$seed" >/dev/null
display=:$((200 + $$ % 500))
Xvfb "$display" -screen 0 1600x1000x24 -nolisten tcp >/dev/null 2>&1 &
xpid=$!
gpid=
cleanup() {
  [ -n "$gpid" ] && kill "$gpid" 2>/dev/null && wait "$gpid" 2>/dev/null
  kill "$xpid" 2>/dev/null && wait "$xpid" 2>/dev/null
  return 0
}
trap cleanup EXIT
sleep 1
DISPLAY=$display "$gui" "$file" >/dev/null 2>&1 &
gpid=$!
sleep "$warm"
ticks() { awk '{ print $14 + $15 }' "/proc/$gpid/stat"; }
hz=$(getconf CLK_TCK)
uptime
t0=$(ticks); s0=$(date +%s.%N)
sleep "$seconds"
t1=$(ticks); s1=$(date +%s.%N)
awk -v a="$t0" -v b="$t1" -v s="$s0" -v e="$s1" -v hz="$hz" -v n="$services" \
  'BEGIN { printf "services=%d idle_cpu_seconds=%.2f wall_seconds=%.1f idle_cpu_percent=%.1f\n", n, (b - a) / hz, e - s, 100 * (b - a) / hz / (e - s) }'
