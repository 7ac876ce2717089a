#!/usr/bin/env bash
# Distributed sweep benchmark (issue 16): `nanoscope-mpi sweep` of a generated 20,000-service
# graph (3 bundled eras x 200 samples, 48 levels) on 1 and 2 MPI ranks with one worker thread
# each, side by side in one hyperfine run, with single-process `nanoscope sweep` on every core
# for reference; the load average before and after; each rank's traffic (NANOSCOPE_MPI_STATS);
# and a check that the outputs agree (apart from Leiden's trial list, which igraph's Leiden
# varies from run to run on this graph: docs/performance.md "Economics sweep").
# Usage: bench/run_mpi_sweep_bench.sh [BUILD_DIR=build]   (RUNS=3, SEED=42, BENCH_DIR=/tmp/nanoscope-bench)
# Target: 2 ranks at least 1.7x faster than 1 rank on this 2-core machine.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
RUNS=${RUNS:-3}
SEED=${SEED:-42}
WORK=${BENCH_DIR:-/tmp/nanoscope-bench}
mkdir -p "$WORK"
GRAPH="$WORK/g20k.json"
cmake --build "$BUILD" --target nanoscope nanoscope-mpi nanoscope-gen-graph >/dev/null
[ -s "$GRAPH" ] || "$BUILD/nanoscope-gen-graph" 20000 60000 "$GRAPH" --format json --seed "$SEED" >/dev/null
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
MPI="mpiexec --bind-to none"

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
hyperfine --runs "$RUNS" --export-markdown "$WORK/mpi-sweep-20k.md" \
  -n "1 rank, 1 thread" "$MPI -n 1 $BUILD/nanoscope-mpi sweep -q $GRAPH --threads 1 -o $WORK/mpi-1.json" \
  -n "2 ranks, 1 thread each" "$MPI -n 2 $BUILD/nanoscope-mpi sweep -q $GRAPH --threads 1 -o $WORK/mpi-2.json" \
  -n "nanoscope, every core" "$BUILD/nanoscope sweep -q $GRAPH -o $WORK/single.json"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

echo "traffic of 2 ranks (NANOSCOPE_MPI_STATS=1):"
NANOSCOPE_MPI_STATS=1 $MPI -n 2 "$BUILD/nanoscope-mpi" sweep -q "$GRAPH" --threads 1 -o "$WORK/mpi-2s.json" 2>&1 |
  grep 'nanoscope-mpi: rank'

same() { cmp -s <(jq -S 'del(.suggestion.trials)' "$1") <(jq -S 'del(.suggestion.trials)' "$2"); }
if same "$WORK/mpi-1.json" "$WORK/mpi-2.json" && same "$WORK/mpi-1.json" "$WORK/single.json"; then
  echo "1 rank, 2 ranks and nanoscope wrote identical JSON (apart from Leiden's trial list)"
else
  echo "the outputs DIFFER" >&2
  exit 1
fi
cmp -s "$WORK/mpi-1.json" "$WORK/mpi-2.json" || echo "note: Leiden's trial list differed between 1 and 2 ranks"
