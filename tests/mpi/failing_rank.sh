#!/usr/bin/env bash
# One MPI test: a bad input makes every rank of `mpiexec -n N nanoscope-mpi COMMAND` exit
# non-zero (mpiexec exits non-zero), with a one-line error naming the file, and no output file.
# Usage: failing_rank.sh NANOSCOPE_MPI MPIEXEC N COMMAND
set -uo pipefail
nanoscope_mpi=$1 mpiexec=$2 n=$3 command=$4
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf '{"services": [ {"name": "a", "operations": [' >"$work/broken.json"  # truncated JSON
extra=()
[ "$n" -gt 2 ] && extra=(--oversubscribe)
"$mpiexec" -n "$n" "${extra[@]}" "$nanoscope_mpi" "$command" "$work/broken.json" -o "$work/out.json" \
  >"$work/stdout" 2>"$work/stderr"
code=$?
cat "$work/stderr"
fail() { echo "FAIL: $*" >&2; exit 1; }
[ "$code" -ne 0 ] || fail "mpiexec -n $n nanoscope-mpi $command exited 0 on a broken input"
grep -q "nanoscope: error: .*broken.json" "$work/stderr" || fail "the error does not name broken.json"
[ "$(grep -c 'nanoscope: error:' "$work/stderr")" -eq 1 ] || fail "expected one error line (rank 0 prints it)"
[ ! -e "$work/out.json" ] || fail "an output was written"
ls "$work" | grep -q '^out\.json\.' && fail "a temporary output was left behind"
echo "mpiexec -n $n nanoscope-mpi $command: exit $code, error names the file, nothing written"
