#!/usr/bin/env bash
# Jaeger import benchmark: `nanoscope import` against jq 1.6 computing the same
# service-to-service call counts (bench/jaeger_service_edges.jq) on one generated
# /api/traces file. Prints wall and CPU times, MB/s, the speed-up over jq and peak RSS,
# and checks that both found the same service-to-service call counts.
# Usage: bench/run_import_bench.sh [BUILD_DIR] [SPANS] [SERVICES]   (RUNS=3 by default)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:-$here/../build}" && pwd)
spans=${2:-300000}
services=${3:-50}
runs=${RUNS:-3}
work=${TMPDIR:-/tmp}/nanoscope-import-bench
mkdir -p "$work"
file=$work/jaeger-${spans}-${services}.json
graph=$work/graph.json

for tool in hyperfine jq /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "run_import_bench: $tool is not installed" >&2; exit 1; }
done
[ -f "$file" ] || "$build/nanoscope-gen-jaeger" "$spans" "$services" "$file"
bytes=$(stat -c %s "$file")

# The CLI's import command when it exists, else the bench driver (same library call).
if "$build/nanoscope" import --help >/dev/null 2>&1; then
  nanoscope="$build/nanoscope import $file -o $graph"
else
  nanoscope="$build/nanoscope-import-driver $file -o $graph"
fi
jqcmd="jq -f $here/jaeger_service_edges.jq $file"

echo "input: $file ($bytes bytes, $spans spans, $services services); $(jq --version)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"

# Same answer? Service -> service calls between instrumented services, from both tools.
$nanoscope >/dev/null 2>&1
jq -r '[.services[] | select(.kind == "service") | .name] as $svc
       | [.edges[] | select(.from != .to and (.from | IN($svc[])) and (.to | IN($svc[])))]
       | group_by([.from, .to]) | map("\(.[0].from) -> \(.[0].to) \(map(.calls) | add)") | .[]' "$graph" |
  sort >"$work/nanoscope-edges.txt"
$jqcmd | jq -r '.[] | "\(.edge) \(.calls)"' | sort >"$work/jq-edges.txt"
if cmp -s "$work/nanoscope-edges.txt" "$work/jq-edges.txt"; then
  echo "check: both found the same $(wc -l <"$work/jq-edges.txt") service-to-service edges and call counts"
else
  echo "check FAILED: service edges differ (see $work/nanoscope-edges.txt and $work/jq-edges.txt)" >&2
  exit 1
fi

hyperfine --warmup 1 --runs "$runs" -N --export-json "$work/hyperfine.json" "$nanoscope" "$jqcmd"

rss() { /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F': ' '/Maximum resident set size/ {print $2}'; }
# shellcheck disable=SC2086
ns_rss=$(rss $nanoscope)
# shellcheck disable=SC2086
jq_rss=$(rss $jqcmd)

jq -r --argjson bytes "$bytes" --argjson ns_rss "$ns_rss" --argjson jq_rss "$jq_rss" '
  .results as [$n, $j]
  | def f(x): (x * 100 | round) / 100;
  "nanoscope: mean \(f($n.mean)) s wall (\(f($bytes / 1e6 / $n.mean)) MB/s), user+sys \(f($n.user + $n.system)) s CPU (\(f($bytes / 1e6 / ($n.user + $n.system))) MB/s), peak RSS \(f($ns_rss / 1024)) MiB = \(f($ns_rss * 1024 / $bytes)) x file",
  "jq:        mean \(f($j.mean)) s wall, user+sys \(f($j.user + $j.system)) s CPU, peak RSS \(f($jq_rss / 1024)) MiB",
  "speed-up over jq: \(f($j.mean / $n.mean)) x wall, \(f(($j.user + $j.system) / ($n.user + $n.system))) x CPU"
' "$work/hyperfine.json"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
