#!/usr/bin/env bash
# Runs every side-by-side benchmark in bench/ (peers installed by `./setup.sh bench`).
# Each script prints its own table; docs/performance.md records the numbers and how they were taken.
set -euo pipefail
cd "$(dirname "$0")/.."
for script in bench/run_import_bench.sh bench/run_otlp_bench.sh bench/run_csv_bench.sh bench/run_analysis_bench.sh bench/run_sim_bench.sh \
  bench/run_layout_bench.sh bench/run_gui_bench.sh bench/run_mpi_sweep_bench.sh; do
  if [ -f "$script" ]; then
    echo "=== $script"
    bash "$script"
  fi
done
