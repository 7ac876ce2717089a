#!/usr/bin/env bash
# Analytic solver benchmark: sim::solve_analytic on generated service graphs (the coupling
# benchmark's generator, calls per invocation rescaled so expected calls stay finite), under
# the observed partition (one station per service) and as one process; best of RUNS runs.
# Usage: bench/run_analytic_bench.sh [build-dir=build]   (RUNS=5, SEED=42 by default)
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
RUNS=${RUNS:-5}
SEED=${SEED:-42}
cmake --build "$BUILD" --target nanoscope-analytic-graph >/dev/null
for size in "2000 20000" "20000 200000" "50000 500000"; do
  set -- $size
  echo "graph: $1 services, $2 edges (seed $SEED)"
  "$BUILD/nanoscope-analytic-graph" "$1" "$2" --seed "$SEED" --runs "$RUNS"
done
