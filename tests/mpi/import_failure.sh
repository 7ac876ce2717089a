#!/usr/bin/env bash
# One MPI test: a malformed call table among several (dealt to one rank) makes every rank of
# `mpiexec -n N nanoscope-mpi import DIR` exit non-zero, with one error line naming the file,
# and no output file.
# Usage: import_failure.sh NANOSCOPE_MPI MPIEXEC N DIR BAD_FILE_NAME
set -uo pipefail
nanoscope_mpi=$1 mpiexec=$2 n=$3 dir=$4 bad=$5
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
extra=()
[ "$n" -gt 2 ] && extra=(--oversubscribe)
"$mpiexec" -n "$n" "${extra[@]}" "$nanoscope_mpi" import "$dir" -o "$work/out.json" >"$work/stdout" 2>"$work/stderr"
code=$?
cat "$work/stderr"
fail() { echo "FAIL: $*" >&2; exit 1; }
[ "$code" -ne 0 ] || fail "mpiexec -n $n nanoscope-mpi import exited 0 with a malformed file"
grep -q "nanoscope: error: .*$bad" "$work/stderr" || fail "the error does not name $bad"
[ "$(grep -c 'nanoscope: error:' "$work/stderr")" -eq 1 ] || fail "expected one error line (rank 0 prints it)"
[ ! -e "$work/out.json" ] || fail "an output was written"
echo "mpiexec -n $n nanoscope-mpi import: exit $code, error names $bad, nothing written"
