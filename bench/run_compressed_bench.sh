#!/usr/bin/env bash
# Compressed call-table import benchmark: `nanoscope import X.csv.gz` against `zcat X.csv.gz |
# mawk` computing the same service -> service call counts (bench/alibaba_edges.awk), side by side
# in one hyperfine run, plus CPU time per uncompressed byte (user+sys from GNU time) and peak RSS.
# With BIG_GIB=N it also imports a generated N GiB plain v2021 call table once under GNU time -v
# (generated, measured, deleted).
# Usage: bench/run_compressed_bench.sh [MEGABYTES=1500] [BUILD_DIR=build]
# Needs hyperfine, mawk, gzip, zstd, jq and GNU time; inputs come from nanoscope-gen-alibaba.
set -euo pipefail
cd "$(dirname "$0")/.."
MB=${1:-1500}
BUILD=${2:-build}
WORK=${BENCH_DIR:-$(mktemp -d /tmp/nanoscope-compressed-bench.XXXXXX)}
mkdir -p "$WORK"
CSV="$WORK/alibaba-${MB}mb.csv"
[ -s "$CSV" ] || "$BUILD/nanoscope-gen-alibaba" "$CSV" "$MB"
[ -s "$CSV.gz" ] || gzip -6 -k -c "$CSV" > "$CSV.gz"
[ -s "$CSV.zst" ] || zstd -q -3 -T1 -k -c "$CSV" > "$CSV.zst"
RAW=$(stat -c %s "$CSV")
echo "input: $CSV ($RAW bytes; .gz $(stat -c %s "$CSV.gz") bytes; .zst $(stat -c %s "$CSV.zst") bytes)"
echo "load before: $(uptime)"

NS_GZ="$BUILD/nanoscope import -q $CSV.gz --format csv -o $WORK/edges-gz.csv"
NS_ZST="$BUILD/nanoscope import -q $CSV.zst --format csv -o $WORK/edges-zst.csv"
NS_PLAIN="$BUILD/nanoscope import -q $CSV --format csv -o $WORK/edges-plain.csv"
AWK_GZ="zcat $CSV.gz | mawk -f bench/alibaba_edges.awk > $WORK/awk-edges.csv"
ZCAT="zcat $CSV.gz > /dev/null"
hyperfine --warmup 1 --runs "${RUNS:-3}" --export-markdown "$WORK/compressed-bench.md" \
  -n "nanoscope .csv.gz" "$NS_GZ" \
  -n "zcat | mawk" "$AWK_GZ" \
  -n "zcat alone" "$ZCAT" \
  -n "nanoscope .csv.zst" "$NS_ZST" \
  -n "nanoscope .csv" "$NS_PLAIN"
echo "load after: $(uptime)"

# CPU time (user + system, every thread and process of the command) per uncompressed byte.
for name in "nanoscope .csv.gz" "zcat | mawk" "zcat alone" "nanoscope .csv.zst" "nanoscope .csv"; do
  case $name in
    "nanoscope .csv.gz") cmd=$NS_GZ ;;
    "zcat | mawk") cmd=$AWK_GZ ;;
    "zcat alone") cmd=$ZCAT ;;
    "nanoscope .csv.zst") cmd=$NS_ZST ;;
    *) cmd=$NS_PLAIN ;;
  esac
  /usr/bin/time -f "%e %U %S %M" -o "$WORK/time.txt" bash -c "$cmd"
  read -r wall user sys rss < "$WORK/time.txt"
  awk -v n="$name" -v w="$wall" -v u="$user" -v s="$sys" -v r="$rss" -v b="$RAW" 'BEGIN {
    cpu = u + s
    printf "%-20s wall %6.2f s  cpu %6.2f s  %5.0f MB/s wall  %5.0f MB/s per cpu-second  peak RSS %d MiB (largest process)\n",
      n, w, cpu, b / w / 1e6, b / cpu / 1e6, r / 1024 }'
done

# Sanity: the compressed import's edges are the plain import's, and mawk's service pairs agree.
cmp -s "$WORK/edges-gz.csv" "$WORK/edges-plain.csv" && cmp -s "$WORK/edges-zst.csv" "$WORK/edges-plain.csv" ||
  { echo "compressed and plain imports DIFFER" >&2; exit 1; }
"$BUILD/nanoscope" import -q "$CSV.gz" -o "$WORK/graph.json"
jq -r '.edges[] | "\(.from),\(.to),\(.calls)"' "$WORK/graph.json" |
  awk -F, '{ n[$1 "," $2] += $3 } END { for (k in n) print k "," n[k] }' | sort > "$WORK/nanoscope-edges.csv"
sort "$WORK/awk-edges.csv" > "$WORK/awk-edges-sorted.csv"
if cmp -s "$WORK/nanoscope-edges.csv" "$WORK/awk-edges-sorted.csv"; then
  echo "edge counts agree: $(wc -l < "$WORK/awk-edges-sorted.csv") service pairs"
else
  echo "edge counts DIFFER: see $WORK/nanoscope-edges.csv and $WORK/awk-edges-sorted.csv" >&2
  exit 1
fi

if [ -n "${BIG_GIB:-}" ]; then
  BIG="$WORK/alibaba-${BIG_GIB}gib.csv"
  MBS=$(( BIG_GIB * 1073741824 / 1000000 ))
  /usr/bin/time -f "generated in %e s" "$BUILD/nanoscope-gen-alibaba" "$BIG" "$MBS"
  echo "big input: $BIG ($(stat -c %s "$BIG") bytes); load: $(uptime)"
  /usr/bin/time -v "$BUILD/nanoscope" import -q "$BIG" -o "$WORK/big-graph.json" 2> "$WORK/big-time.txt"
  grep -E "Elapsed|Maximum resident|User time|System time" "$WORK/big-time.txt"
  rm -f "$BIG" "$WORK/big-graph.json"
fi
[ -n "${BENCH_DIR:-}" ] || rm -rf "$WORK"
