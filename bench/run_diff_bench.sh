#!/usr/bin/env bash
# `nanoscope diff` benchmark: two generated 20,000-service graphs (60,000 edges as in
# run_economics_bench.sh, seeded; the second with 1% of services and edges removed, 1% added and
# 1% of the edges three times as busy; bench/diff_driver.cpp). Times the diff alone
# (session::diff_graphs, median of RUNS) and the overhead bill of both sides in the three bundled
# eras (session::price_bills), then the whole command on the two graphs saved as JSON with and
# without the bill, and importing the two saved graphs alone.
# Usage: bench/run_diff_bench.sh [BUILD_DIR]   (RUNS=5, SEED=42, SERVICES=20000, EDGES=60000)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:-$here/../build}" && pwd)
runs=${RUNS:-5}
seed=${SEED:-42}
services=${SERVICES:-20000}
edges=${EDGES:-60000}
work=$(mktemp -d "${TMPDIR:-/tmp}/nanoscope-diff-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

echo "library: $("$build/nanoscope-diff-driver" "$services" "$edges" --seed "$seed" --runs "$runs" --write "$work")"
wall() { /usr/bin/time -f "%e s wall, %U s user + %S s sys, %M KB peak" "$@" 2>&1 >/dev/null | tail -1; }
echo "cli --no-bill: $(wall "$build/nanoscope" diff -q --no-bill "$work/before.json" -- "$work/after.json" -o "$work/d.json")"
echo "cli with bill: $(wall "$build/nanoscope" diff -q "$work/before.json" -- "$work/after.json" -o "$work/d.json")"
# What reading the two saved graphs costs on its own (one after the other; the edge table written is small).
echo "import both sides: $(wall sh -c "'$build/nanoscope' import -q '$work/before.json' -o '$work/b.csv' && '$build/nanoscope' import -q '$work/after.json' -o '$work/a.csv'")"
