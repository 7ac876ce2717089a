#!/usr/bin/env bash
# One MPI test (tests/mpi/CMakeLists.txt): runs `nanoscope COMMAND ARGS...` once, then
# `mpiexec -n N nanoscope-mpi COMMAND ARGS...` for N = 1, 2 and 4 (4 oversubscribed), each
# writing the same outputs, and requires every output byte-identical to the single process's.
# Usage: compare_with_single.sh NANOSCOPE NANOSCOPE_MPI MPIEXEC "EXT..." COMMAND ARGS...
#   EXT: the output extensions to write (e.g. "json html"); each run writes out.EXT for each.
# WITHOUT_LEIDEN_TRIALS=1 compares JSON without suggestion.trials: on generated graphs igraph's
# Leiden gives slightly different communities at some resolutions from run to run, in one
# process too (docs/distributed.md); the chosen suggestion and everything else must still agree.
set -euo pipefail
nanoscope=$1 nanoscope_mpi=$2 mpiexec=$3 exts=$4
shift 4
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

outputs() {  # outputs DIR: the -o options writing DIR/out.EXT for every extension
  for e in $exts; do printf -- '-o\n%s\n' "$1/out.$e"; done
}

mkdir "$work/single"
mapfile -t single_out < <(outputs "$work/single")
"$nanoscope" "$@" -q "${single_out[@]}"
for n in 1 2 4; do
  dir="$work/n$n"
  mkdir "$dir"
  mapfile -t out < <(outputs "$dir")
  extra=()
  [ "$n" -gt 2 ] && extra=(--oversubscribe)
  "$mpiexec" -n "$n" "${extra[@]}" "$nanoscope_mpi" "$@" -q "${out[@]}"
  for e in $exts; do
    if [ "${WITHOUT_LEIDEN_TRIALS:-0}" = 1 ] && [ "$e" = json ]; then
      for f in "$work/single/out.json" "$dir/out.json"; do
        python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
d.get("suggestion", {}).pop("trials", None)
json.dump(d, open(sys.argv[1] + ".cmp", "w"), sort_keys=True, indent=1)' "$f"
      done
      cmp "$work/single/out.json.cmp" "$dir/out.json.cmp" && continue
      echo "FAIL: mpiexec -n $n nanoscope-mpi $* differs from nanoscope (Leiden's trials left out)" >&2
      diff "$work/single/out.json.cmp" "$dir/out.json.cmp" | head -20 >&2 || true
      exit 1
    fi
    if ! cmp "$work/single/out.$e" "$dir/out.$e"; then
      echo "FAIL: mpiexec -n $n nanoscope-mpi $* wrote a different out.$e than nanoscope" >&2
      diff <(head -c 4000 "$work/single/out.$e") <(head -c 4000 "$dir/out.$e") | head -20 >&2 || true
      exit 1
    fi
  done
  echo "mpiexec -n $n: $(for e in $exts; do printf '%s ' "out.$e ($(wc -c <"$dir/out.$e") bytes)"; done)identical"
done
