#!/usr/bin/env bash
# OTLP import benchmark: the protobuf importer against the OTLP/JSON importer on the same
# generated spans (bench/gen_otlp.cpp: a length-prefixed protobuf stream and JSON lines, as the
# Collector's file exporter writes them with `format: proto` and `format: json`), side by side
# in one hyperfine run of bench/import_driver.cpp (the import only, no graph written). Checks
# first that both files give the same graph; prints spans/s wall and CPU for each.
# Usage: bench/run_otlp_bench.sh [BUILD_DIR] [SPANS] [SERVICES]   (RUNS=5 by default)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:-$here/../build}" && pwd)
spans=${2:-500000}
services=${3:-50}
runs=${RUNS:-5}
work=${TMPDIR:-/tmp}/nanoscope-otlp-bench
mkdir -p "$work"
prefix=$work/otlp-${spans}-${services}

for tool in hyperfine jq; do
  command -v "$tool" >/dev/null || { echo "run_otlp_bench: $tool is not installed" >&2; exit 1; }
done
[ -f "$prefix.binpb" ] && [ -f "$prefix.json" ] || "$build/nanoscope-gen-otlp" "$spans" "$services" "$prefix"
proto_bytes=$(stat -c %s "$prefix.binpb")
json_bytes=$(stat -c %s "$prefix.json")
echo "inputs: $prefix.binpb ($proto_bytes bytes) and $prefix.json ($json_bytes bytes), $spans spans, $services services"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"

# Same graph? Everything but the input's path and format.
same() { jq -S 'del(.inputs[].path, .inputs[].format) | walk(if type == "object" then del(.file) else . end)' "$1"; }
"$build/nanoscope-import-driver" "$prefix.binpb" -o "$work/proto-graph.json" >/dev/null
"$build/nanoscope-import-driver" "$prefix.json" -o "$work/json-graph.json" >/dev/null
if cmp -s <(same "$work/proto-graph.json") <(same "$work/json-graph.json"); then
  echo "check: both inputs give the same graph ($(jq '.services | length' "$work/json-graph.json") services, $(jq '.edges | length' "$work/json-graph.json") edges)"
else
  echo "check FAILED: the graphs differ (see $work/proto-graph.json and $work/json-graph.json)" >&2
  exit 1
fi

hyperfine --warmup 1 --runs "$runs" -N --export-json "$work/hyperfine.json" \
  -n protobuf "$build/nanoscope-import-driver $prefix.binpb" \
  -n json "$build/nanoscope-import-driver $prefix.json"

jq -r --argjson spans "$spans" --argjson pb "$proto_bytes" --argjson jb "$json_bytes" '
  .results as [$p, $j]
  | def f(x): (x * 100 | round) / 100;
  def k(x): (x / 1000 | round);
  "protobuf: mean \(f($p.mean)) s wall, \(k($spans / $p.mean)) k spans/s wall, \(k($spans / ($p.user + $p.system))) k spans/s CPU, \(f($pb / 1e6 / $p.mean)) MB/s",
  "json:     mean \(f($j.mean)) s wall, \(k($spans / $j.mean)) k spans/s wall, \(k($spans / ($j.user + $j.system))) k spans/s CPU, \(f($jb / 1e6 / $j.mean)) MB/s",
  "protobuf / json spans per second: \(f($j.mean / $p.mean)) x wall, \(f(($j.user + $j.system) / ($p.user + $p.system))) x CPU"
' "$work/hyperfine.json"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
